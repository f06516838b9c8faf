package org.lifeline.hotline.event;

import org.lifeline.platform.events.EventType;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Data of the ticket events on {@code lifeline.hotline.ticket.v1} (key: ticket id): {@code TicketOpened.v1},
 * {@code TicketContacted.v1}, {@code TicketEscalated.v1} and {@code TicketResolved.v1} share one shape. Never the
 * text of a contact, never a phone number. {@code channel}: the contact's (opened, contacted); {@code fromLevel}
 * and {@code reason} (first-response, resolve, callback-missed): escalated only. {@code route} and {@code linkedRef}:
 * opened only, where the ticket goes besides its owner's queue: {@code medical} (medical links the household's open
 * request or raises one), {@code supplies-order} (linked to the household's undelivered order {@code linkedRef}),
 * {@code delivery-task} (no such order: co-governance posts a volunteer delivery task) or {@code community}.
 */
public record TicketEvent(UUID ticketId, UUID householdId, String placePath, String category, String urgency,
        String status, String level, String levelCode, String channel, int contactsCount, String fromLevel,
        String reason, OffsetDateTime dueAt, String route, String linkedRef, OffsetDateTime at) {

    public static final String TOPIC = "lifeline.hotline.ticket.v1";
    public static final EventType OPENED = EventType.of(TOPIC, "org.lifeline.hotline.TicketOpened.v1");
    public static final EventType CONTACTED = EventType.of(TOPIC, "org.lifeline.hotline.TicketContacted.v1");
    public static final EventType ESCALATED = EventType.of(TOPIC, "org.lifeline.hotline.TicketEscalated.v1");
    public static final EventType RESOLVED = EventType.of(TOPIC, "org.lifeline.hotline.TicketResolved.v1");
}
