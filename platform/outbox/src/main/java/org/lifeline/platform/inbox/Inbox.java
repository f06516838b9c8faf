package org.lifeline.platform.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The consumer side of ARCHITECTURE.md rule 2: "consumers record each event id they applied, so a
 * redelivery changes nothing". The table is the platform's ({@code db/platform/V0_2__platform_inbox.sql}, the
 * Flyway location every service lists).
 */
public final class Inbox {

    private Inbox() {
    }

    /**
     * Records the event as applied, in the caller's transaction.
     *
     * @return true the first time; false if this event was applied before (skip it)
     */
    public static boolean firstDelivery(Connection connection, UUID eventId, String topic) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "INSERT INTO inbox (event_id, topic) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            s.setObject(1, eventId);
            s.setString(2, topic);
            return s.executeUpdate() == 1;
        }
    }

    /**
     * {@link #firstDelivery} for many events in one statement.
     *
     * @return the ids recorded now; the others were applied before (skip them)
     */
    public static java.util.Set<UUID> firstDeliveries(Connection connection, java.util.Collection<UUID> eventIds, String topic)
            throws SQLException {
        java.util.Set<UUID> fresh = new java.util.HashSet<>();
        if (eventIds.isEmpty()) {
            return fresh;
        }
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO inbox (event_id, topic) "
                + "SELECT unnest(?::uuid[]), ? ON CONFLICT DO NOTHING RETURNING event_id")) {
            s.setArray(1, connection.createArrayOf("uuid", eventIds.toArray()));
            s.setString(2, topic);
            try (java.sql.ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    fresh.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return fresh;
    }
}
