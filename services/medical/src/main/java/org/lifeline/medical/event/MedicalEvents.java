package org.lifeline.medical.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.lifeline.platform.events.CloudEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The events medical publishes on {@code lifeline.medical.request.v1} (docs/events.md), written to the
 * outbox in the caller's transaction. They carry no medical details (no description, answers or contact):
 * the category and severity are enough for dashboards and co-governance.
 */
public final class MedicalEvents {

    public static final String TOPIC = "lifeline.medical.request.v1";
    public static final String RAISED = "org.lifeline.medical.MedicalRequestRaised.v1";
    public static final String ESCALATED = "org.lifeline.medical.MedicalRequestEscalated.v1";
    public static final String RESOLVED = "org.lifeline.medical.MedicalRequestResolved.v1";
    public static final String PASS_REQUESTED = "org.lifeline.medical.GreenChannelPassRequested.v1";
    static final String SOURCE = "/lifeline/medical";

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** Data of {@code MedicalRequestRaised.v1}. */
    public record Raised(UUID requestId, UUID householdId, String placePath, String category, String severity,
            String level, String levelCode, boolean infectionControl, OffsetDateTime raisedAt) {
    }

    /** Data of {@code MedicalRequestEscalated.v1}: {@code kind} automatic (a passed deadline of {@code stage}) or whistle. */
    public record Escalated(UUID requestId, UUID householdId, String kind, String stage, String fromLevel, String toLevel,
            String toCode, OffsetDateTime dueAt, OffsetDateTime escalatedAt) {
    }

    /** Data of {@code MedicalRequestResolved.v1}: {@code outcome} as staff recorded it (no medical details). */
    public record Resolved(UUID requestId, UUID householdId, String status, OffsetDateTime resolvedAt) {
    }

    /** Data of {@code GreenChannelPassRequested.v1}: co-governance issues a pass for the trip. */
    public record PassRequested(UUID requestId, UUID householdId, String placePath, String hospitalName,
            String hospitalAreaCode, String transportKind, String vehicle, String severity) {
    }

    private MedicalEvents() {
    }

    public static void write(Connection c, UUID requestId, String type, Object data) throws SQLException {
        CloudEvent<Object> event = CloudEvent.of(SOURCE, type, requestId.toString(), data);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO outbox (event_id, topic, event_key, event_type, payload) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            s.setObject(1, UUID.fromString(event.id()));
            s.setString(2, TOPIC);
            s.setString(3, requestId.toString());
            s.setString(4, type);
            s.setString(5, JSON.writeValueAsString(event));
            s.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
