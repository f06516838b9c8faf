package org.lifeline.supplies.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.problem.ProblemType;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.supplies.event.SuppliesEvents;
import org.lifeline.supplies.event.SuppliesEvents.DeliveryCompleted;
import org.lifeline.supplies.event.SuppliesEvents.DeliveryTaskCreated;
import org.lifeline.supplies.order.OrderApi.DeliveryRequest;
import org.lifeline.supplies.order.OrderApi.HandoverRequest;
import org.lifeline.supplies.order.OrderApi.Order;
import org.lifeline.supplies.order.OrderRow;
import org.lifeline.supplies.order.Orders;
import org.lifeline.supplies.rest.Actor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The last hundred metres (最后一百米). Each hand-over is recorded and put on the order's timeline:
 * <ol>
 *   <li>{@code gate}: the supplier hands the goods to the community at the compound gate: the merchant for its
 *       own confirmed order, community staff for an order allocated from the warehouse. A delivery task is
 *       published for the volunteers' task board ({@code DeliveryTaskCreated}).</li>
 *   <li>{@code pickup}: a volunteer or staff member of the area takes it from the gate to carry it.</li>
 *   <li>door: delivered when the household's code is given (by the carrier, staff of the area, or the resident
 *       in the app), or confirmed by staff with a reason when the household cannot; {@code DeliveryCompleted}.
 *       After {@code supplies.delivery.max-code-attempts} wrong codes only staff can confirm.</li>
 * </ol>
 */
@ApplicationScoped
public class DeliveryService {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "supplies.delivery.max-code-attempts", defaultValue = "5")
    int maxCodeAttempts;

    public Order handover(Actor actor, UUID id, HandoverRequest request) {
        return inTransaction(c -> {
            OrderRow order = Orders.visible(c, actor, id, true);
            String note = request.note() == null || request.note().isBlank() ? null : request.note().strip();
            switch (request.stage()) {
                case "gate" -> {
                    boolean merchant = actor.isMerchant() && order.status().equals("confirmed");
                    boolean warehouse = order.source().equals("warehouse") && order.status().equals("allocated")
                            && (actor.isFrontlineStaff() || actor.isPlatformAdmin())
                            && AreaPaths.within(actor.paths(), order.placePath());
                    if (!merchant && !warehouse) {
                        throw wrongState(order, actor.isMerchant() || order.source().equals("warehouse")
                                ? "it is not ready to hand over at the gate" : "its merchant hands it over at the gate");
                    }
                    String from = merchant ? actor.merchant() : "warehouse " + order.stockArea();
                    record(c, order.id(), "gate", from, "community gate", note);
                    update(c, order.id(), "at-gate", null);
                    Orders.timeline(c, order.id(), "handed-over-at-gate", actor,
                            "from " + from + " to the community at the compound gate" + (note == null ? "" : ": " + note));
                    SuppliesEvents.write(c, mapper, order.id(), SuppliesEvents.DELIVERY_TASK_CREATED,
                            new DeliveryTaskCreated(order.id(), order.householdId(), order.householdCode(),
                                    order.placePath(), order.buildingPath(), order.itemCode(), order.quantity(),
                                    actor.username(), OffsetDateTime.now(ZoneOffset.UTC)));
                }
                case "pickup" -> {
                    boolean carrier = (actor.isVolunteer() || actor.isFrontlineStaff())
                            && AreaPaths.within(actor.paths(), order.placePath());
                    if (!carrier) {
                        throw ProblemException.forbidden(Message.of(
                                "Only a volunteer or community staff of the household's area carries it to the door.",
                                "只有该户所在区域的志愿者或社区工作人员可以送货上门。"));
                    }
                    if (!order.status().equals("at-gate")) {
                        throw wrongState(order, "it is not waiting at the gate");
                    }
                    record(c, order.id(), "pickup", "community gate", actor.username(), note);
                    update(c, order.id(), "out-for-delivery", actor.username());
                    Orders.timeline(c, order.id(), "picked-up", actor,
                            "taken from the gate to carry to the door" + (note == null ? "" : ": " + note));
                }
                default -> throw ProblemException.invalidField("stage", Message.of("must be gate or pickup",
                        "必须是 gate（小区门口交接）或 pickup（取货送上门）"));
            }
            return Orders.view(actor, Orders.load(c, id, false));
        });
    }

    public Order deliver(Actor actor, UUID id, DeliveryRequest request) {
        boolean hasCode = request.code() != null && !request.code().isBlank();
        boolean hasReason = request.reason() != null && !request.reason().isBlank();
        if (hasCode == hasReason) {
            throw ProblemException.invalidField("code", Message.of(
                    "give either the household's delivery code, or (staff) a reason without a code",
                    "请提供该户的收货码，或（工作人员）在无收货码时说明原因"));
        }
        boolean[] wrongCode = new boolean[1];
        Order delivered = inTransaction(c -> {
            OrderRow order = Orders.visible(c, actor, id, true);
            boolean staff = (actor.isFrontlineStaff() || actor.isPlatformAdmin())
                    && AreaPaths.within(actor.paths(), order.placePath());
            boolean household = Orders.isHousehold(actor, order);
            boolean carrier = actor.username().equals(order.carrier()) && !actor.isMerchant();
            if (!order.status().equals("out-for-delivery")) {
                throw wrongState(order, "it is not on its way to the door");
            }
            String confirmation;
            if (hasCode) {
                if (!staff && !household && !carrier) {
                    throw ProblemException.forbidden(Message.of("Only the carrier, the household or community staff "
                            + "confirm this delivery.", "只有送货人、该户住户或社区工作人员可以确认收货。"));
                }
                if (order.codeAttempts() >= maxCodeAttempts) {
                    throw ProblemException.conflict(Message.of("The delivery code was entered wrong too often; "
                            + "community staff confirm this delivery with a reason.",
                            "收货码错误次数过多，请由社区工作人员说明原因后确认收货。"));
                }
                if (!MessageDigest.isEqual(order.deliveryCode().getBytes(StandardCharsets.UTF_8),
                        request.code().strip().getBytes(StandardCharsets.UTF_8))) {
                    try (PreparedStatement s = c.prepareStatement(
                            "UPDATE supply_order SET code_attempts = code_attempts + 1 WHERE id = ?")) {
                        s.setObject(1, id);
                        s.executeUpdate();
                    }
                    Orders.timeline(c, id, "code-rejected", actor, "a wrong delivery code was given");
                    wrongCode[0] = true;
                    return null; // committed: the attempt counts
                }
                confirmation = "code";
            } else {
                if (!staff) {
                    throw ProblemException.forbidden(Message.of("Only community staff of the household's area confirm "
                            + "a delivery without the household's code.", "只有该户所在区域的社区工作人员可以在无收货码时确认收货。"));
                }
                confirmation = "staff";
            }
            String carrierName = order.carrier() == null ? actor.username() : order.carrier();
            String reason = hasReason ? request.reason().strip() : null;
            record(c, id, "door", carrierName, "household " + order.householdCode(), reason);
            update(c, id, "delivered", null);
            Orders.timeline(c, id, "delivered", actor, confirmation.equals("code")
                    ? "delivered at the door; the household's code was given"
                    : "delivered at the door; confirmed by staff: " + reason);
            SuppliesEvents.write(c, mapper, id, SuppliesEvents.DELIVERY_COMPLETED, new DeliveryCompleted(id,
                    order.householdId(), carrierName, confirmation, actor.username(), reason,
                    OffsetDateTime.now(ZoneOffset.UTC)));
            return Orders.view(actor, Orders.load(c, id, false));
        });
        if (wrongCode[0]) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, Message.of("The delivery code is wrong.",
                    "收货码错误。"), java.util.List.of(new ProblemException.FieldErrorMessage("code",
                    Message.of("does not match the household's code", "与该户收货码不符"))));
        }
        return delivered;
    }

    private static ProblemException wrongState(OrderRow order, String why) {
        return ProblemException.conflict(Message.of("Order " + order.id() + " is " + order.status() + ": " + why + ".",
                "订单 " + order.id() + " 当前状态为 " + order.status() + "，无法执行此操作。"));
    }

    private static void record(Connection c, UUID order, String stage, String from, String to, String note)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO handover (id, order_id, stage, from_party, to_party, note) "
                + "VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setObject(1, UUID.randomUUID());
            s.setObject(2, order);
            s.setString(3, stage);
            s.setString(4, from);
            s.setString(5, to);
            s.setString(6, note);
            s.executeUpdate();
        }
    }

    private static void update(Connection c, UUID order, String status, String carrier) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE supply_order SET status = ?, "
                + "carrier = COALESCE(?, carrier), updated_at = now() WHERE id = ?")) {
            s.setString(1, status);
            s.setString(2, carrier);
            s.setObject(3, order);
            s.executeUpdate();
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
