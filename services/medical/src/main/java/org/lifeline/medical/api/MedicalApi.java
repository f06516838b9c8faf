package org.lifeline.medical.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The records of medical's HTTP API. A resource never returns a table row as such. */
public final class MedicalApi {

    private MedicalApi() {
    }

    /** Who to call back. */
    public record Contact(@NotBlank @Size(max = 100) String name,
            @NotBlank @Pattern(regexp = "1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}", message = "{lifeline.phone}") String phone) {
    }

    /**
     * A new urgent request. {@code householdId}: only staff raising it on a household's behalf give it; a
     * resident's request is for their own household. {@code answers}: the triage questions (see README).
     */
    public record RaiseRequest(@NotBlank @Size(max = 32) String category, @NotBlank @Size(max = 2000) String description,
            @NotNull @Valid Contact contact, Map<String, Object> answers, UUID householdId) {
    }

    /** A request without its medical details (lists, the household overview). */
    public record RequestSummary(UUID id, UUID householdId, String householdCode, String category, String severity,
            String status, String level, String levelCode, boolean infectionControl, OffsetDateTime raisedAt,
            OffsetDateTime updatedAt, Deadline nextDeadline) {
    }

    /** The medical details: whole for those allowed (each read audited), masked for others. */
    public record Details(boolean masked, String description, Map<String, Object> answers, String contactName,
            String contactPhone) {
    }

    public record Deadline(String stage, String level, OffsetDateTime dueAt, String state) {
    }

    public record TimelineEntry(OffsetDateTime at, String kind, String level, String actor, String note) {
    }

    public record RequestView(RequestSummary request, Details details, List<Deadline> deadlines,
            List<TimelineEntry> timeline, Assignment assignment, List<Offer> hospitals) {
    }

    /**
     * A hospital the request was sent to and its answer: state offered, accepted, refused (reason no-bed,
     * no-department, infection-control, no-pcr-result, other; {@code violation} when the reason may not be given for
     * this patient), arrived (at the door), admitted, withdrawn.
     */
    public record Offer(long id, UUID hospitalId, String hospitalName, String departmentKind, String state, String reason,
            String note, boolean violation, OffsetDateTime offeredAt, OffsetDateTime answeredAt, OffsetDateTime arrivedAt,
            OffsetDateTime admittedAt) {
    }

    /** A hospital refuses the patient: a reason from the list, and what else it wants to say. */
    public record RefuseRequest(@NotBlank @Pattern(regexp = "no-bed|no-department|infection-control|no-pcr-result|other",
            message = "{medical.refusal-reason}") String reason, @Size(max = 500) String note) {
    }

    /**
     * What became of a refusal: {@code violation} (the reason may not be given for this patient), {@code reassigned}
     * (sent to another hospital at once), {@code escalated} (a second refusal, or no other hospital with a free place).
     */
    public record Refusal(String reason, boolean violation, boolean reassigned, boolean escalated) {
    }

    /**
     * What a hospital sees of a patient sent to it: the request whole (its reads audited), the rule it must follow
     * when the patient may carry an infection, and the patient's latest test status as medical knows it from testing.
     */
    public record AdmissionView(RequestView request, boolean infectionControl, String testStatus, String rule) {
    }

    /** A community's hospitals in the order its requests go to them (first the first). */
    public record PreferencesRequest(@NotNull @Size(max = 50) List<@NotNull UUID> hospitalIds) {
    }

    public record Preferences(String communityCode, List<UUID> hospitalIds) {
    }

    public record WhistleRequest(@NotBlank @Size(max = 500) String reason) {
    }

    public record NoteRequest(@Size(max = 500) String note) {
    }

    public record DepartmentRequest(@NotBlank @Pattern(regexp = "dialysis|maternity|emergency|cardiology|oncology|pediatrics|psychiatry|general")
            String kind, @NotNull @Min(0) @Max(100000) Integer capacity) {
    }

    /** {@code code}: what the hospital's staff carry in their token (claim hospital); generated when not given. */
    public record HospitalRequest(@NotBlank @Size(max = 200) String name,
            @Pattern(regexp = "[0-9A-Za-z-]{1,64}", message = "{medical.hospital-code}") String code,
            @NotBlank @Pattern(regexp = "[0-9A-Za-z-]{1,64}", message = "{lifeline.place-code}") String areaCode,
            @NotEmpty @Valid List<@NotNull DepartmentRequest> departments) {
    }

    public record Department(UUID id, String kind, int capacity, int reserved, int free) {
    }

    public record Hospital(UUID id, String code, String name, String areaCode, List<Department> departments) {
    }

    public record CapacityRequest(@NotNull @Min(0) @Max(100000) Integer capacity) {
    }

    public record AssignRequest(@NotNull UUID departmentId,
            @NotBlank @Pattern(regexp = "ambulance|designated-vehicle") String transportKind,
            @NotBlank @Size(max = 64) String vehicle) {
    }

    public record Assignment(UUID hospitalId, String hospitalName, UUID departmentId, String departmentKind,
            String transportKind, String vehicle, String assignedBy, OffsetDateTime assignedAt) {
    }

    public record Notification(long id, UUID requestId, String level, String placeCode, String audience, String message,
            String webhookStatus, OffsetDateTime createdAt) {
    }
}
