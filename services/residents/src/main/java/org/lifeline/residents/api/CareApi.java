package org.lifeline.residents.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.lifeline.residents.model.VulnerableFlag;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The care list (关爱名单) and the contacts staff make. */
public final class CareApi {

    private CareApi() {
    }

    public enum Kind {
        @JsonProperty("call") CALL("call"), @JsonProperty("visit") VISIT("visit");

        public final String code;

        Kind(String code) {
            this.code = code;
        }
    }

    public enum Outcome {
        @JsonProperty("ok") OK("ok"), @JsonProperty("needs-help") NEEDS_HELP("needs-help"),
        @JsonProperty("no-answer") NO_ANSWER("no-answer"), @JsonProperty("escalated") ESCALATED("escalated");

        public final String code;

        Outcome(String code) {
            this.code = code;
        }
    }

    public record ContactRequest(@NotNull Kind kind, @NotNull Outcome outcome, @Size(max = 500) String note) {
    }

    public record ContactView(long id, UUID personId, String kind, String outcome, String note, String contactedBy,
            OffsetDateTime contactedAt) {
    }

    /**
     * One vulnerable person: flags, the household's latest needs from the door-to-door survey, the
     * last contact, and whether it is overdue ({@code residents.care.contact-interval}, default 48 h). The birth
     * year, not the age: the two together narrow the birthday (see {@code Masking}). {@code needs} (plain
     * Chinese) and {@code needCodes} say which needs the latest visit found; its details ({@code symptoms},
     * {@code specialNeeds}) are there only for health roles and the visit's recorder (audited), else
     * {@code detailsRestricted} is true and they are absent.
     */
    public record Entry(UUID personId, String name, int birthYear, UUID householdId, String householdCode,
            Set<VulnerableFlag> flags, List<String> needs, List<String> needCodes, boolean detailsRestricted,
            @JsonInclude(JsonInclude.Include.NON_NULL) Set<SurveyApi.Symptom> symptoms,
            @JsonInclude(JsonInclude.Include.NON_NULL) SurveyApi.SpecialNeeds specialNeeds,
            String suppliesNeeds, OffsetDateTime lastContactAt,
            String lastContactBy, String lastOutcome, boolean overdue) {
    }
}
