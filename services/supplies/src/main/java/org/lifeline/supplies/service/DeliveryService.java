package org.lifeline.supplies.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.outbox.Outbox;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.problem.ProblemType;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.supplies.api.OrderApi.DeliveryRequest;
import org.lifeline.supplies.api.OrderApi.HandoverRequest;
import org.lifeline.supplies.api.OrderApi.Order;
import org.lifeline.supplies.config.SuppliesConfig;
import org.lifeline.supplies.config.Texts;
import org.lifeline.supplies.event.DeliveryCompleted;
import org.lifeline.supplies.event.DeliveryTaskCreated;
import org.lifeline.supplies.model.Actor;
import org.lifeline.supplies.model.OrderRow;
import org.lifeline.supplies.repository.OrderRepository;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
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
    Transactions tx;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    @Inject
    SuppliesConfig config;

    @Inject
    OrderAccess access;

    @Inject
    OrderRepository orders;

    public Order handover(Actor actor, UUID id, HandoverRequest request) {
        return tx.call(c -> {
            OrderRow order = access.visible(c, actor, id, true);
            String note = request.note() == null || request.note().isBlank() ? null : request.note().strip();
            switch (request.stage()) {
                case "gate" -> atGate(c, actor, order, note);
                case "pickup" -> pickUp(c, actor, order, note);
                default -> throw ProblemException.invalidField("stage", Texts.of("handover.stage"));
            }
            return OrderAccess.view(actor, access.load(c, id, false));
        });
    }

    private void atGate(Connection c, Actor actor, OrderRow order, String note) throws SQLException {
        boolean merchant = actor.isMerchant() && order.status().equals("confirmed");
        boolean warehouse = order.source().equals("warehouse") && order.status().equals("allocated")
                && (actor.isFrontlineStaff() || actor.isPlatformAdmin())
                && AreaPaths.within(actor.paths(), order.placePath());
        if (!merchant && !warehouse) {
            throw wrongState(order, actor.isMerchant() || order.source().equals("warehouse")
                    ? "handover.not-ready-at-gate" : "handover.merchant-at-gate");
        }
        String from = merchant ? actor.merchant() : "warehouse " + order.stockArea();
        orders.handover(c, order.id(), "gate", from, "community gate", note);
        orders.setStatus(c, order.id(), "at-gate", null);
        orders.timeline(c, order.id(), "handed-over-at-gate", actor.username(), actor.role(),
                "from " + from + " to the community at the compound gate" + (note == null ? "" : ": " + note));
        Outbox.write(c, mapper, DeliveryTaskCreated.TYPE, order.id().toString(), new DeliveryTaskCreated(order.id(),
                order.householdId(), order.householdCode(), order.placePath(), order.buildingPath(), order.itemCode(),
                order.quantity(), actor.username(), OffsetDateTime.now(clock)));
    }

    private void pickUp(Connection c, Actor actor, OrderRow order, String note) throws SQLException {
        boolean carrier = (actor.isVolunteer() || actor.isFrontlineStaff())
                && AreaPaths.within(actor.paths(), order.placePath());
        if (!carrier) {
            throw ProblemException.forbidden(Texts.of("handover.pickup-not-allowed"));
        }
        if (!order.status().equals("at-gate")) {
            throw wrongState(order, "handover.not-at-gate");
        }
        orders.handover(c, order.id(), "pickup", "community gate", actor.username(), note);
        orders.setStatus(c, order.id(), "out-for-delivery", actor.username());
        orders.timeline(c, order.id(), "picked-up", actor.username(), actor.role(),
                "taken from the gate to carry to the door" + (note == null ? "" : ": " + note));
    }

    public Order deliver(Actor actor, UUID id, DeliveryRequest request) {
        boolean hasCode = request.code() != null && !request.code().isBlank();
        boolean hasReason = request.reason() != null && !request.reason().isBlank();
        if (hasCode == hasReason) {
            throw ProblemException.invalidField("code", Texts.of("delivery.code-or-reason"));
        }
        Order delivered = tx.call(c -> {
            OrderRow order = access.visible(c, actor, id, true);
            boolean staff = (actor.isFrontlineStaff() || actor.isPlatformAdmin())
                    && AreaPaths.within(actor.paths(), order.placePath());
            boolean household = OrderAccess.isHousehold(actor, order);
            boolean carrier = actor.username().equals(order.carrier()) && !actor.isMerchant();
            if (!order.status().equals("out-for-delivery")) {
                throw wrongState(order, "delivery.not-on-the-way");
            }
            String confirmation;
            if (hasCode) {
                if (!staff && !household && !carrier) {
                    throw ProblemException.forbidden(Texts.of("delivery.code-not-allowed"));
                }
                if (order.codeAttempts() >= config.delivery().maxCodeAttempts()) {
                    throw ProblemException.conflict(Texts.of("delivery.code-attempts-exhausted"));
                }
                if (!MessageDigest.isEqual(order.deliveryCode().getBytes(StandardCharsets.UTF_8),
                        request.code().strip().getBytes(StandardCharsets.UTF_8))) {
                    orders.countWrongCode(c, id);
                    orders.timeline(c, id, "code-rejected", actor.username(), actor.role(),
                            "a wrong delivery code was given");
                    return null; // committed: the attempt counts
                }
                confirmation = "code";
            } else {
                if (!staff) {
                    throw ProblemException.forbidden(Texts.of("delivery.reason-not-allowed"));
                }
                confirmation = "staff";
            }
            String carrierName = order.carrier() == null ? actor.username() : order.carrier();
            String reason = hasReason ? request.reason().strip() : null;
            orders.handover(c, id, "door", carrierName, "household " + order.householdCode(), reason);
            orders.setStatus(c, id, "delivered", null);
            orders.timeline(c, id, "delivered", actor.username(), actor.role(), confirmation.equals("code")
                    ? "delivered at the door; the household's code was given"
                    : "delivered at the door; confirmed by staff: " + reason);
            Outbox.write(c, mapper, DeliveryCompleted.TYPE, id.toString(), new DeliveryCompleted(id,
                    order.householdId(), carrierName, confirmation, actor.username(), reason, OffsetDateTime.now(clock)));
            return OrderAccess.view(actor, access.load(c, id, false));
        });
        if (delivered == null) { // the wrong code was counted and committed: now the answer
            throw new ProblemException(ProblemType.UNPROCESSABLE, Texts.of("delivery.code-wrong"),
                    List.of(new ProblemException.FieldErrorMessage("code", Texts.of("delivery.code-mismatch"))));
        }
        return delivered;
    }

    private static ProblemException wrongState(OrderRow order, String key) {
        return ProblemException.conflict(Texts.of(key, order.id(), order.status()));
    }
}
