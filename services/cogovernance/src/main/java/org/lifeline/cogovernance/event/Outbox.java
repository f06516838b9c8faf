package org.lifeline.cogovernance.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.events.CloudEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** Writes a domain event into the outbox, in the caller's transaction (docs/events.md). */
@ApplicationScoped
public class Outbox {

    public static final String SOURCE = "/lifeline/cogovernance";

    @Inject
    ObjectMapper mapper;

    public void write(Connection c, String topic, String key, String type, Object data) throws SQLException {
        CloudEvent<Object> event = CloudEvent.of(SOURCE, type, key, data);
        String payload;
        try {
            payload = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO outbox (event_id, topic, event_key, event_type, payload) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            s.setObject(1, UUID.fromString(event.id()));
            s.setString(2, topic);
            s.setString(3, key);
            s.setString(4, type);
            s.setString(5, payload);
            s.executeUpdate();
        }
    }
}
