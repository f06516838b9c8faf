package org.lifeline.platform.inbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The service's start line (table {@code start_line}, platform migration V0_6): signals published before it are
 * history the service never owned and are not turned into work. Keep one instance per service bean; the time is read
 * once. An event without a parseable {@code time} counts as after the line.
 */
public final class StartLine {

    private volatile Instant at;

    /** Whether the event was published before the start line. */
    public boolean before(Connection c, JsonNode event) throws SQLException {
        JsonNode time = event.path("time");
        if (!time.isTextual()) {
            return false;
        }
        Instant published;
        try {
            published = OffsetDateTime.parse(time.asText()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
        return published.isBefore(line(c));
    }

    private Instant line(Connection c) throws SQLException {
        Instant line = at;
        if (line == null) {
            try (PreparedStatement s = c.prepareStatement("SELECT at FROM start_line");
                    ResultSet rs = s.executeQuery()) {
                line = rs.next() ? rs.getTimestamp(1).toInstant() : Instant.MIN;
            }
            at = line;
        }
        return line;
    }
}
