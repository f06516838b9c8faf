package org.lifeline.hotline.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The hotline's request and response records (a resource never returns a row). */
public final class HotlineApi {

    public static final String CATEGORY = "supplies|medical|testing|care|housing-utilities|other";
    public static final String URGENCY = "life-safety|utilities|general|complex";
    public static final String CHANNEL = "phone-12345|phone-community|phone-street|portal|sms|wechat|survey|signal";

    private HotlineApi() {
    }

    /** A contact taken by an operator, staff or a grid worker, for a household of their areas. */
    public record ContactRequest(@NotNull UUID householdId, @NotNull @Pattern(regexp = CATEGORY) String category,
            @NotNull @Pattern(regexp = URGENCY) String urgency, @NotNull @Pattern(regexp = CHANNEL) String channel,
            @NotBlank @Size(max = 4000) String text, @Size(max = 32) String callerPhone) {
    }

    /** A resident's own contact in the portal (household from the token, urgency general). */
    public record MyContactRequest(@NotNull @Pattern(regexp = CATEGORY) String category,
            @NotBlank @Size(max = 4000) String text) {
    }

    /** What intake answers: the ticket, and whether the contact was added to one already open. */
    public record IntakeResult(TicketSummary ticket, boolean merged, long contactId) {
    }

    /** A ticket without its text. */
    public record TicketSummary(UUID id, UUID householdId, String householdCode, String placePath, String category,
            String urgency, String status, String level, String levelCode, String claimedBy, OffsetDateTime openedAt,
            OffsetDateTime firstResponseDue, OffsetDateTime resolveDue, OffsetDateTime firstResponseAt,
            OffsetDateTime resolvedAt, OffsetDateTime waitingSince, long pausedSeconds, int contactsCount,
            UUID mergedInto, boolean emergency) {
    }

    /** One contact; {@code text} null and {@code masked} true unless the caller may read it (and the read is audited). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Contact(long id, String channel, OffsetDateTime at, String text, String callerPhone, String recordedBy,
            boolean masked) {
    }

    public record TimelineEntry(OffsetDateTime at, String kind, String level, String actor, String note) {
    }

    public record Callback(UUID id, UUID ticketId, OffsetDateTime dueAt, String note, String status, String scheduledBy,
            String doneBy, OffsetDateTime doneAt) {
    }

    public record FollowUp(int rating, String comment, String recordedBy, OffsetDateTime at) {
    }

    /** A ticket with its contacts, timeline, callbacks and follow-up. */
    public record TicketView(TicketSummary ticket, boolean textMasked, String resolution, List<Contact> contacts,
            List<TimelineEntry> timeline, List<Callback> callbacks, FollowUp followUp, List<Link> links) {
    }

    /**
     * What the ticket is linked to in another service: {@code kind} medical-request, supplies-order or delivery-task
     * (co-governance's task), {@code ref} its id there; {@code how} linked (an existing one), raised (medical raised a
     * request for the ticket) or posted (co-governance posted the task for it).
     */
    public record Link(String kind, UUID ref, String how, OffsetDateTime at) {
    }

    public record TextRequest(@NotBlank @Size(max = 1000) String text) {
    }

    public record WaitRequest(@NotBlank @Size(max = 500) String reason) {
    }

    public record ResolveRequest(@NotBlank @Size(max = 2000) String summary) {
    }

    /** The new owner: a place code on the household's path (its community, street, district or city). */
    public record ReassignRequest(@NotBlank @Size(max = 64) String owner) {
    }

    public record CallbackRequest(@NotNull OffsetDateTime dueAt, @Size(max = 500) String note) {
    }

    public record FollowUpRequest(@NotNull @Min(1) @Max(5) Integer rating, @Size(max = 1000) String comment) {
    }

    public record MergeRequest(@NotNull UUID into) {
    }

    public record SplitRequest(@NotEmpty @Size(max = 200) List<Long> contactIds, @NotNull @Pattern(regexp = CATEGORY) String category) {
    }

    /** Response, resolution and satisfaction rates of one owner (a place code), over the tickets it owns. */
    public record OwnerReport(String owner, String level, long tickets, long responded, long respondedOnTime,
            Double responseRate, long resolved, long resolvedOnTime, Double resolutionRate, long rated, long satisfied,
            Double satisfactionRate, Double averageRating) {
    }

    /** A message the SMS / WeChat gateway received. */
    public record WebhookMessage(@NotBlank @Size(max = 200) String messageId, @NotNull @Pattern(regexp = "sms|wechat") String channel,
            @NotBlank @Size(max = 64) String from, @NotBlank @Size(max = 4000) String text,
            @Pattern(regexp = CATEGORY) String category) {
    }

    /** {@code status}: matched (added to a ticket), unmatched (kept for operators), duplicate (seen before: nothing done). */
    public record WebhookResult(String messageId, String status, UUID ticketId) {
    }

    /** An unmatched message put on a household's ticket by an operator (category: the message's, else other). */
    public record AssignRequest(@NotNull UUID householdId, @Pattern(regexp = CATEGORY) String category) {
    }

    /** A message no household was found for, with the sender's number masked. */
    public record UnmatchedMessage(String messageId, String channel, String from, OffsetDateTime receivedAt, String reason) {
    }
}
