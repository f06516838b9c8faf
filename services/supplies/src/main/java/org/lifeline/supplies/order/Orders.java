package org.lifeline.supplies.order;

import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.supplies.order.OrderApi.Order;
import org.lifeline.supplies.rest.Actor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Reading orders and deciding who sees what (ARCHITECTURE.md rule 4): the household's resident, staff whose
 * areas hold the household, volunteers of those areas once the goods are at the gate, the merchant of the
 * order, a platform admin. Others get 404,
 * so an order's existence is not revealed.
 */
public final class Orders {

    private Orders() {
    }

    public static OrderRow load(Connection c, UUID id, boolean forUpdate) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + OrderRow.COLUMNS + " FROM supply_order WHERE id = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound("Order", id);
                }
                return OrderRow.of(rs);
            }
        }
    }

    /** The order if the actor may see it, else 404. */
    public static OrderRow visible(Connection c, Actor actor, UUID id, boolean forUpdate) throws SQLException {
        OrderRow row = load(c, id, forUpdate);
        if (!canSee(actor, row)) {
            throw ProblemException.notFound("Order", id);
        }
        return row;
    }

    public static boolean canSee(Actor actor, OrderRow row) {
        if (actor.isPlatformAdmin()) {
            return true;
        }
        if (actor.isMerchant()) {
            return actor.merchant().equals(row.merchant());
        }
        if (isHousehold(actor, row)) {
            return true;
        }
        if (actor.isStaff()) {
            return AreaPaths.within(actor.paths(), row.placePath());
        }
        // volunteers: the deliveries of their areas, from the gate on
        return actor.isVolunteer() && AreaPaths.within(actor.paths(), row.placePath())
                && (VOLUNTEER_STATUSES.contains(row.status()) || actor.username().equals(row.carrier()));
    }

    static final java.util.Set<String> VOLUNTEER_STATUSES = java.util.Set.of("at-gate", "out-for-delivery", "delivered");

    public static boolean isHousehold(Actor actor, OrderRow row) {
        return actor.isResident() && row.householdCode().equals(actor.caller().household());
    }

    /** The order as this actor may see it: personal details masked for whoever does not need them. */
    public static Order view(Actor actor, OrderRow r) {
        boolean household = isHousehold(actor, r);
        boolean placer = r.onBehalf() && r.placedBy().equals(actor.username()) && !actor.isMerchant();
        boolean merchant = actor.isMerchant();
        return new Order(r.id(), r.householdId(), merchant ? maskRoom(r.householdCode()) : r.householdCode(), r.itemCode(),
                r.quantity(), r.source(), r.offerId(), r.merchant(), r.groupId(), r.priceCents(), r.status(),
                merchant || actor.isVolunteer() ? null : r.placedBy(), merchant ? null : r.onBehalf(),
                household || placer ? r.deliveryCode() : null, r.carrier(), r.createdAt(), r.updatedAt());
    }

    /** {@code <unit>-<room>} with the room masked: a merchant delivers to the gate, not to the door. */
    static String maskRoom(String householdCode) {
        int dash = householdCode.lastIndexOf('-');
        return dash < 0 ? "*".repeat(householdCode.length())
                : householdCode.substring(0, dash + 1) + "*".repeat(householdCode.length() - dash - 1);
    }

    public static void timeline(Connection c, UUID order, String kind, Actor actor, String detail) throws SQLException {
        timeline(c, order, kind, actor.username(), actor.role(), detail);
    }

    public static void timeline(Connection c, UUID order, String kind, String actor, String role, String detail)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO order_event (order_id, kind, actor, actor_role, detail) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            s.setObject(1, order);
            s.setString(2, kind);
            s.setString(3, actor);
            s.setString(4, role);
            s.setString(5, detail);
            s.executeUpdate();
        }
    }
}
