package org.lifeline.residents.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The door-to-door survey's requests and views. */
public final class SurveyApi {

    private SurveyApi() {
    }

    /** Open a survey round over an area (a community or any subtree) with a due time. */
    public record RoundRequest(
            @NotBlank @Pattern(regexp = Codes.PLACE_CODE, message = "{lifeline.place-code}") String areaCode,
            @NotBlank @Size(max = 200) String title,
            @NotNull @Future OffsetDateTime dueAt) {
    }

    public record RoundView(UUID id, String areaCode, String title, OffsetDateTime dueAt, String createdBy,
            OffsetDateTime createdAt, OffsetDateTime closedAt) {
    }

    /** Why a door stayed closed. */
    public enum NotVisitedReason {
        @JsonProperty("nobody-home") NOBODY_HOME("nobody-home"),
        @JsonProperty("refused") REFUSED("refused"),
        @JsonProperty("other") OTHER("other");

        public final String code;

        NotVisitedReason(String code) {
            this.code = code;
        }

        @Override
        public String toString() {
            return code;
        }
    }

    public enum Symptom {
        @JsonProperty("fever") FEVER, @JsonProperty("cough") COUGH, @JsonProperty("sore-throat") SORE_THROAT,
        @JsonProperty("breathing-difficulty") BREATHING_DIFFICULTY, @JsonProperty("fatigue") FATIGUE,
        @JsonProperty("other") OTHER
    }

    /** Special needs found at the door (all optional). */
    public record SpecialNeeds(
            @Size(max = 500) String dailyMedication,
            Set<DayOfWeek> dialysisDays,
            boolean chemotherapy,
            LocalDate pregnancyDueDate,
            boolean oxygen,
            boolean wheelchair) {
    }

    /** One visit: {@code notVisitedReason} is required when {@code visited} is false. */
    public record VisitRequest(
            @NotNull UUID householdId,
            @NotNull Boolean visited,
            NotVisitedReason notVisitedReason,
            @Size(max = 30) List<@NotNull UUID> presentPersonIds,
            @Pattern(regexp = Codes.PHONE, message = "{lifeline.phone}") String contactPhone,
            Set<@NotNull Symptom> symptoms,
            @Valid SpecialNeeds specialNeeds,
            @Size(max = 1000) String suppliesNeeds) {
    }

    /**
     * A recorded visit; the contact phone is masked. {@code needs} says in plain Chinese which needs exist
     * ({@code needCodes} the same as stable codes); the details ({@code symptoms}, {@code specialNeeds}) are
     * there only for health roles and the visit's recorder, each such read audited; for anyone else
     * {@code detailsRestricted} is true and the detail fields are absent.
     */
    public record VisitView(long id, UUID roundId, UUID householdId, boolean visited, String notVisitedReason,
            List<UUID> presentPersonIds, String contactPhone, List<String> needs, List<String> needCodes,
            boolean detailsRestricted,
            @JsonInclude(JsonInclude.Include.NON_NULL) Set<Symptom> symptoms,
            @JsonInclude(JsonInclude.Include.NON_NULL) SpecialNeeds specialNeeds,
            String suppliesNeeds, String recordedBy, OffsetDateTime recordedAt) {
    }

    public record BuildingProgress(String code, String name, long total, long visited) {
    }

    /** Progress of the part of the round the caller is responsible for. */
    public record Progress(UUID roundId, long total, long visited, long attemptedNotVisited, long pending,
            double visitedPercent, List<BuildingProgress> buildings, List<GridApi.GridProgress> grids) {
    }

    /** A household still to visit, with its last unsuccessful attempt if any. */
    public record Unvisited(UUID householdId, String code, String lastAttempt, OffsetDateTime lastAttemptAt) {
    }
}
