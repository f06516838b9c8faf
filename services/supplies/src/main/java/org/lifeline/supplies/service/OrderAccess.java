package org.lifeline.supplies.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.supplies.api.OrderApi.Order;
import org.lifeline.supplies.model.Actor;
import org.lifeline.supplies.model.OrderRow;
import org.lifeline.supplies.repository.OrderRepository;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;

/**
 * Who sees which order, and what of it (ARCHITECTURE.md rule 4): the household's resident, staff whose areas hold
 * the household, volunteers of those areas once the goods are at the gate (or the one carrying it), the merchant
 * of the order, a platform admin. Others get 404, so an order's existence is not revealed.
 */
@ApplicationScoped
public class OrderAccess {

    static final Set<String> VOLUNTEER_STATUSES = Set.of("at-gate", "out-for-delivery", "delivered");

    @Inject
    OrderRepository orders;

    /** The order, else 404. */
    public OrderRow load(Connection c, UUID id, boolean forUpdate) throws SQLException {
        return orders.find(c, id, forUpdate).orElseThrow(() -> ProblemException.notFound("Order", id));
    }

    /** The order if the actor may see it, else 404. */
    public OrderRow visible(Connection c, Actor actor, UUID id, boolean forUpdate) throws SQLException {
        OrderRow row = load(c, id, forUpdate);
        if (!canSee(actor, row)) {
            throw ProblemException.notFound("Order", id);
        }
        return row;
    }

    static boolean canSee(Actor actor, OrderRow row) {
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

    static boolean isHousehold(Actor actor, OrderRow row) {
        return actor.isResident() && row.householdCode().equals(actor.caller().household());
    }

    /** The order as this actor may see it: personal details masked for whoever does not need them. */
    static Order view(Actor actor, OrderRow r) {
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
}
