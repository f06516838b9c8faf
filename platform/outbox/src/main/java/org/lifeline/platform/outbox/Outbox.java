package org.lifeline.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.lifeline.platform.events.CloudEvent;
import org.lifeline.platform.events.EventType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The one way an event enters a service's outbox (ARCHITECTURE.md rule 2): in the caller's transaction, as a
 * CloudEvent of its declared {@link EventType} (so on that type's topic, with its owner's source), and
 * published later by {@link OutboxRelay}. A service on Hibernate Reactive builds the same row with
 * {@link #row} and persists it with its own session.
 *
 * <p>The table is the platform's ({@code db/platform} Flyway location).
 */
public final class Outbox {

    /** An outbox row: what {@link OutboxRelay} publishes, to {@code topic} with {@code key}. */
    public record Row(UUID eventId, String topic, String key, String type, String payload) {
    }

    private static final String INSERT = "INSERT INTO outbox (event_id, topic, event_key, event_type, payload) "
            + "VALUES (?, ?, ?, ?, ?)";

    private Outbox() {
    }

    /** The row for one event: a new id, now, its type's source, the data as CloudEvents {@code data}. */
    public static Row row(ObjectMapper mapper, EventType type, String key, Object data) {
        CloudEvent<Object> event = CloudEvent.of(type.source(), type.type(), key, data);
        try {
            return new Row(UUID.fromString(event.id()), type.topic(), key, type.type(), mapper.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + type.type() + " as JSON", e);
        }
    }

    /** Writes one event in the connection's transaction; returns its id. */
    public static UUID write(Connection connection, ObjectMapper mapper, EventType type, String key, Object data)
            throws SQLException {
        Row row = row(mapper, type, key, data);
        try (PreparedStatement s = connection.prepareStatement(INSERT)) {
            bind(s, row);
            s.executeUpdate();
        }
        return row.eventId();
    }

    /** Writes these events in the connection's transaction, in one round trip (a batch). */
    public static void writeAll(Connection connection, java.util.List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = connection.prepareStatement(INSERT)) {
            for (Row row : rows) {
                bind(s, row);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** For many events in one statement: prepare {@link #insert}, then {@link #bind} and add a batch per row. */
    public static PreparedStatement insert(Connection connection) throws SQLException {
        return connection.prepareStatement(INSERT);
    }

    public static void bind(PreparedStatement insert, Row row) throws SQLException {
        insert.setObject(1, row.eventId());
        insert.setString(2, row.topic());
        insert.setString(3, row.key());
        insert.setString(4, row.type());
        insert.setString(5, row.payload());
    }
}
