package org.lifeline.hotline.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the hotline reads of other services' events (docs/events.md), in its own records; unknown fields ignored.
 * Each {@code of} refuses (throws) an event without the fields it needs: the inbox then parks it.
 */
public final class IncomingSignals {

    public static final String SURVEY_TOPIC = "lifeline.residents.survey.v1";
    public static final String SURVEY_VISIT = "org.lifeline.residents.SurveyVisitRecorded.v1";
    public static final String CARE_TOPIC = "lifeline.residents.care.v1";
    public static final String CARE_OVERDUE = "org.lifeline.residents.CareContactOverdue.v1";
    public static final String MEDICAL_TOPIC = "lifeline.medical.request.v1";
    public static final String MEDICAL_ESCALATED = "org.lifeline.medical.MedicalRequestEscalated.v1";
    public static final String TASK_TOPIC = "lifeline.cogovernance.task.v1";
    public static final String TASK_OVERDUE = "org.lifeline.cogovernance.TaskOverdue.v1";
    public static final String AREA_TOPIC = "lifeline.cogovernance.area.v1";
    public static final String AREA_MODE_CHANGED = "org.lifeline.cogovernance.AreaModeChanged.v1";
    public static final String ORDER_TOPIC = "lifeline.supplies.order.v1";
    public static final String ORDER_PLACED = "org.lifeline.supplies.OrderPlaced.v1";
    public static final String DELIVERY_COMPLETED = "org.lifeline.supplies.DeliveryCompleted.v1";
    public static final String MEDICAL_RAISED = "org.lifeline.medical.MedicalRequestRaised.v1";
    public static final String MEDICAL_LINKED = "org.lifeline.medical.MedicalRequestLinked.v1";
    public static final String TASK_POSTED = "org.lifeline.cogovernance.TaskPosted.v1";

    private IncomingSignals() {
    }

    /** residents' SurveyVisitRecorded: the needs it found ({@code needCodes}) and supplies needs (free text). */
    public record SurveyVisit(UUID householdId, String householdCode, String placePath, boolean visited,
            List<String> needCodes, List<String> needs, String suppliesNeeds) {

        public static SurveyVisit of(JsonNode event) {
            JsonNode d = event.path("data");
            List<String> codes = new ArrayList<>();
            d.path("needCodes").forEach(n -> codes.add(n.asText()));
            List<String> labels = new ArrayList<>();
            d.path("needs").forEach(n -> labels.add(n.asText()));
            String supplies = d.path("suppliesNeeds").isTextual() ? d.path("suppliesNeeds").asText() : null;
            return new SurveyVisit(uuid(d, "householdId"), text(d, "householdCode"), text(d, "placePath"),
                    d.path("visited").asBoolean(false), codes, labels, supplies);
        }
    }

    /**
     * residents' CareContactOverdue: a vulnerable person of the household nobody contacted within the care interval;
     * {@code lastContactAt} null when never contacted.
     */
    public record CareOverdue(UUID personId, UUID householdId, String householdCode, String placePath,
            OffsetDateTime lastContactAt) {

        public static CareOverdue of(JsonNode event) {
            JsonNode d = event.path("data");
            OffsetDateTime last = d.path("lastContactAt").isTextual() ? OffsetDateTime.parse(d.path("lastContactAt").asText())
                    : null;
            return new CareOverdue(uuid(d, "personId"), uuid(d, "householdId"), text(d, "householdCode"),
                    text(d, "placePath"), last);
        }
    }

    /** medical's MedicalRequestEscalated: which household's request reached which level. */
    public record MedicalEscalated(UUID requestId, UUID householdId, String toLevel) {

        public static MedicalEscalated of(JsonNode event) {
            JsonNode d = event.path("data");
            return new MedicalEscalated(uuid(d, "requestId"), uuid(d, "householdId"), text(d, "toLevel"));
        }
    }

    /** co-governance's TaskOverdue: a task left open past its deadline; {@code sourceRef} the supplies order id. */
    public record TaskOverdue(UUID taskId, String source, String sourceRef) {

        public static TaskOverdue of(JsonNode event) {
            JsonNode d = event.path("data");
            return new TaskOverdue(uuid(d, "taskId"), text(d, "source"), d.path("sourceRef").asText(null));
        }
    }

    /** co-governance's AreaModeChanged. */
    public record AreaMode(String areaCode, String areaPath, String mode, long version) {

        public static AreaMode of(JsonNode event) {
            JsonNode d = event.path("data");
            return new AreaMode(text(d, "areaCode"), text(d, "areaPath"), text(d, "mode"), d.path("version").asLong(0));
        }
    }

    /** supplies' OrderPlaced: the order's household, and when (the event's time when the data has none). */
    public record OrderPlaced(UUID orderId, UUID householdId, OffsetDateTime placedAt) {

        public static OrderPlaced of(JsonNode event) {
            JsonNode d = event.path("data");
            return new OrderPlaced(uuid(d, "orderId"), uuid(d, "householdId"), time(d, "placedAt", event.path("time")));
        }
    }

    /** supplies' DeliveryCompleted: the order reached the door. */
    public record DeliveryCompleted(UUID orderId, OffsetDateTime deliveredAt) {

        public static DeliveryCompleted of(JsonNode event) {
            JsonNode d = event.path("data");
            return new DeliveryCompleted(uuid(d, "orderId"), time(d, "deliveredAt", event.path("time")));
        }
    }

    /**
     * medical's MedicalRequestRaised or MedicalRequestLinked for a ticket: {@code ticketId} names it (a Raised event
     * without one is a request raised in medical, not for a ticket: {@code ticketId} null).
     */
    public record MedicalForTicket(UUID requestId, UUID householdId, UUID ticketId) {

        public static MedicalForTicket of(JsonNode event) {
            JsonNode d = event.path("data");
            JsonNode ticket = d.path("ticketId");
            return new MedicalForTicket(uuid(d, "requestId"), uuid(d, "householdId"),
                    ticket.isTextual() && !ticket.asText().isBlank() ? UUID.fromString(ticket.asText()) : null);
        }
    }

    /** co-governance's TaskPosted: a task on the board; {@code sourceRef} the ticket id when {@code source} is hotline. */
    public record TaskPosted(UUID taskId, String source, String sourceRef) {

        public static TaskPosted of(JsonNode event) {
            JsonNode d = event.path("data");
            return new TaskPosted(uuid(d, "taskId"), text(d, "source"), d.path("sourceRef").asText(null));
        }
    }

    private static OffsetDateTime time(JsonNode d, String field, JsonNode fallback) {
        JsonNode v = d.path(field).isTextual() ? d.path(field) : fallback;
        return v.isTextual() ? OffsetDateTime.parse(v.asText()) : OffsetDateTime.now(java.time.ZoneOffset.UTC);
    }

    private static String text(JsonNode d, String field) {
        JsonNode v = d.path(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return v.asText();
    }

    private static UUID uuid(JsonNode d, String field) {
        return UUID.fromString(text(d, field));
    }
}
