package org.lifeline.hotline.model;

import java.time.Instant;
import java.util.UUID;

/** A ticket as stored (without its contacts and timeline). */
public record TicketRow(UUID id, UUID householdId, String householdCode, String placePath, String category,
        String urgency, String status, String level, String levelCode, String claimedBy, String openedBy,
        Instant openedAt, Instant firstResponseDue, Instant resolveDue, Instant firstResponseAt, Instant resolvedAt,
        String resolution, Instant waitingSince, long pausedSeconds, int contactsCount, UUID mergedInto,
        boolean emergency) {

    public boolean isOpen() {
        return Tickets.OPEN.contains(status);
    }

    /** The next deadline that escalates it: first response while nobody answered, else resolution. */
    public Instant nextDue() {
        return firstResponseAt == null && firstResponseDue.isBefore(resolveDue) ? firstResponseDue : resolveDue;
    }
}
