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
}
