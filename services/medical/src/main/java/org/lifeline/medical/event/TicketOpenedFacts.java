package org.lifeline.medical.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.UUID;

/**
 * Medical's own record of the hotline's {@code TicketOpened.v1} (topic {@code lifeline.hotline.ticket.v1}, key the
 * ticket id): the ticket, its household and its urgency, read only when its {@code route} is {@code medical}. The rest
 * of the event (and the hotline's other types on the topic) is not medical's to read.
 */
public record TicketOpenedFacts(UUID ticketId, UUID householdId, String urgency) {

    public static final String TOPIC = "lifeline.hotline.ticket.v1";
    public static final String TYPE = "org.lifeline.hotline.TicketOpened.v1";
    public static final String ROUTE = "medical";

    /** Whether the event is a {@code TicketOpened} the hotline routed to medical. */
    public static boolean routedToMedical(JsonNode event) {
        return TYPE.equals(event.path("type").asText()) && ROUTE.equals(event.path("data").path("route").asText());
    }

    /** @throws IllegalArgumentException without a ticket or household id (the inbox then parks the event) */
    public static TicketOpenedFacts of(JsonNode event) {
        JsonNode d = event.get("data");
        if (d == null || !d.isObject() || !d.path("ticketId").isTextual() || !d.path("householdId").isTextual()) {
            throw new IllegalArgumentException("TicketOpened without ticketId or householdId");
        }
        return new TicketOpenedFacts(UUID.fromString(d.get("ticketId").asText()),
                UUID.fromString(d.get("householdId").asText()), d.path("urgency").asText(null));
    }
}
