package org.lifeline.supplies.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.lifeline.platform.events.CloudEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The events supplies publishes (docs/events.md), written to the outbox in the caller's transaction;
 * the platform relay sends them to {@code lifeline.supplies.order.v1}, keyed by the order id.
 */
public final class SuppliesEvents {

    public static final String TOPIC = "lifeline.supplies.order.v1";
    public static final String SOURCE = "/lifeline/supplies";
    public static final String ORDER_PLACED = "org.lifeline.supplies.OrderPlaced.v1";
    public static final String DELIVERY_TASK_CREATED = "org.lifeline.supplies.DeliveryTaskCreated.v1";
    public static final String DELIVERY_COMPLETED = "org.lifeline.supplies.DeliveryCompleted.v1";

    /** Data of {@code OrderPlaced.v1}. No personal data: the household by id and code. */
    public record OrderPlaced(UUID orderId, UUID householdId, String householdCode, String itemCode, int quantity,
            String source, String merchant, UUID groupOrderId, String status, boolean onBehalf, OffsetDateTime placedAt) {
    }

    /** Data of {@code DeliveryTaskCreated.v1}: goods at the compound gate, to carry to the door (task board). */
    public record DeliveryTaskCreated(UUID orderId, UUID householdId, String householdCode, String placePath,
            String buildingPath, String itemCode, int quantity, String handedOverBy, OffsetDateTime at) {
    }

    /** Data of {@code DeliveryCompleted.v1}: confirmed by the household's code, or by staff with a reason. */
    public record DeliveryCompleted(UUID orderId, UUID householdId, String carrier, String confirmation,
            String confirmedBy, String reason, OffsetDateTime deliveredAt) {
    }

    private SuppliesEvents() {
    }

    public static void write(Connection c, ObjectMapper mapper, UUID orderId, String type, Object data)
            throws SQLException {
        CloudEvent<Object> event = CloudEvent.of(SOURCE, type, orderId.toString(), data);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO outbox (event_id, topic, event_key, event_type, payload) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            s.setObject(1, UUID.fromString(event.id()));
            s.setString(2, TOPIC);
            s.setString(3, orderId.toString());
            s.setString(4, type);
            s.setString(5, mapper.writeValueAsString(event));
            s.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
