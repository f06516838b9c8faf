package org.lifeline.supplies.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.idempotency.JdbcIdempotency;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.outbox.Outbox;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.problem.ProblemType;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.supplies.api.OrderApi.Order;
import org.lifeline.supplies.api.OrderApi.OrderRequest;
import org.lifeline.supplies.api.OrderApi.Timeline;
import org.lifeline.supplies.config.SuppliesConfig;
import org.lifeline.supplies.config.Texts;
import org.lifeline.supplies.event.OrderPlaced;
import org.lifeline.supplies.model.Actor;
import org.lifeline.supplies.model.GroupOrderRow;
import org.lifeline.supplies.model.Household;
import org.lifeline.supplies.model.OrderRow;
import org.lifeline.supplies.model.ServedOffer;
import org.lifeline.supplies.repository.GroupOrderRepository;
import org.lifeline.supplies.repository.HouseholdRepository;
import org.lifeline.supplies.repository.OfferRepository;
import org.lifeline.supplies.repository.OrderRepository.Filter;
import org.lifeline.supplies.repository.OrderRepository;
import org.lifeline.supplies.repository.StockRepository;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Placing orders and reading them. A household orders from the community warehouse (stock reserved at once
 * by a conditional update that never oversells; without stock, or while others already wait, the order
 * waits for the next allocation run), from a merchant's offer (the offer's stock, reserved the same way),
 * or joins its building's group order. At most {@code supplies.orders.per-household-per-day} orders per
 * household and calendar day (by the injected clock), checked under a per-household lock.
 */
@ApplicationScoped
public class OrderService {

    static final String PLACE = "POST /api/supplies/orders";

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Transactions tx;

    @Inject
    JdbcIdempotency idempotency;

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

    @Inject
    HouseholdRepository households;

    @Inject
    StockRepository stock;

    @Inject
    OfferRepository offers;

    @Inject
    GroupOrderRepository groups;

    /**
     * Places the order once per {@code Idempotency-Key} (the platform's {@link JdbcIdempotency}: the order and the
     * key's response are committed together); {@code respond} makes the HTTP response of the order.
     */
    public Response place(Actor actor, String key, OrderRequest request, Function<Order, Response> respond) {
        return idempotency.once(actor.caller().subject(), key, PLACE, request,
                c -> respond.apply(place(c, actor, request)));
    }

    private Order place(Connection c, Actor actor, OrderRequest request) throws SQLException {
        Household household = households.find(c, request.householdId()).orElse(null);
        boolean own = household != null && actor.isResident() && household.code().equals(actor.caller().household());
        boolean onBehalf = household != null && !own && (actor.isFrontlineStaff() || actor.isPlatformAdmin())
                && AreaPaths.within(actor.paths(), household.placePath());
        if (!own && !onBehalf) {
            throw ProblemException.notFound("Household", request.householdId()); // existence not revealed
        }
        if (household.communityCode() == null && request.offerId() == null && request.groupOrderId() == null) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, Texts.of("order.no-community"));
        }
        orders.lockHousehold(c, household.id());
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
        ZoneId zone = config.orders().zone();
        Instant startOfDay = now.atZoneSameInstant(zone).toLocalDate().atStartOfDay(zone).toInstant();
        int today = orders.countSince(c, household.id(), startOfDay);
        int limit = config.orders().perHouseholdPerDay();
        if (today >= limit) {
            throw ProblemException.conflict(Texts.of("order.daily-limit", today, limit));
        }
        Placing placing = new Placing(actor, household, onBehalf, request.quantity(), now);
        if (request.groupOrderId() != null) {
            return fromGroup(c, placing, request.groupOrderId());
        }
        if (request.offerId() != null) {
            ServedOffer offer = reserveOffer(c, request.offerId(), placing);
            return record(c, placing, household.communityCode(), offer.itemCode(), "merchant", offer, null, "confirmed",
                    "from " + offer.merchant() + "'s offer; stock reserved");
        }
        return fromWarehouse(c, placing, request);
    }

    /** What every kind of order is placed with. */
    private record Placing(Actor actor, Household household, boolean onBehalf, int quantity, OffsetDateTime at) {
    }

    private Order fromGroup(Connection c, Placing p, UUID groupId) throws SQLException {
        GroupOrderRow group = groups.find(c, groupId, true)
                .filter(g -> p.household().placePath().startsWith(g.buildingPath()))
                .orElseThrow(() -> ProblemException.notFound("Group order", groupId));
        if (!group.status().equals("open")) {
            throw ProblemException.conflict(Texts.of("group-order.closed"));
        }
        ServedOffer offer = reserveOffer(c, group.offerId(), p);
        GroupOrderRepository.Joined joined = groups.join(c, groupId, p.at());
        String detail = "joined group order " + groupId + " (" + joined.members() + " of " + joined.threshold()
                + " households)";
        Order order = record(c, p, p.household().communityCode(), offer.itemCode(), "group", offer, groupId,
                joined.confirmed() ? "confirmed" : "pending-group", detail);
        if (joined.confirmed()) { // every member's order is confirmed for the merchant to fulfil
            List<OrderRepository.Step> steps = orders.confirmGroup(c, groupId).stream()
                    .map(id -> new OrderRepository.Step(id, "confirmed", "system", "system",
                            "group order " + groupId + " reached its threshold: the merchant fulfils it"))
                    .toList();
            orders.timeline(c, steps);
        }
        return order;
    }

    /** Takes the quantity from the offer's stock if there is enough and it serves the household. */
    private ServedOffer reserveOffer(Connection c, UUID offerId, Placing p) throws SQLException {
        ServedOffer offer = offers.served(c, offerId).filter(ServedOffer::active)
                .orElseThrow(() -> ProblemException.notFound("Offer", offerId));
        if (!AreaPaths.within(offer.areaPaths(), p.household().placePath())) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, Texts.of("offer.not-serving-household"));
        }
        if (!offers.reserve(c, offerId, p.quantity())) {
            throw ProblemException.conflict(Texts.of("offer.out-of-stock", p.quantity()));
        }
        return offer;
    }

    private Order fromWarehouse(Connection c, Placing p, OrderRequest request) throws SQLException {
        String item = request.itemCode();
        if (item == null) {
            throw ProblemException.invalidField("itemCode", Texts.of("order.item-needed"));
        }
        Optional<String> nearest = stock.nearestWarehouse(c, item, p.household().placePath());
        if (nearest.isEmpty() && !offers.itemExists(c, item)) { // a stocked item is in the catalogue
            throw ProblemException.invalidField("itemCode", Texts.of("item.unknown"));
        }
        String warehouse = nearest.orElse(p.household().communityCode());
        // the order, its timeline and its event are written first and the stock taken last, so the stock row is
        // locked only for that update and the commit; without stock, back to the savepoint and the order waits
        Savepoint optimistic = c.setSavepoint();
        Order order = record(c, p, warehouse, item, "warehouse", null, null, "allocated",
                "reserved from the warehouse of " + warehouse);
        if (stock.reserve(c, warehouse, item, p.quantity())) {
            return order; // the savepoint ends with the commit (no statement under the lock)
        }
        c.rollback(optimistic);
        if (Boolean.FALSE.equals(request.waitIfOutOfStock())) {
            throw ProblemException.conflict(Texts.of("order.out-of-stock", warehouse, p.quantity(), item));
        }
        return record(c, p, warehouse, item, "warehouse", null, null, "waiting",
                "out of stock at the warehouse of " + warehouse + ": waits for the next allocation run");
    }

    /** Writes the order, its first two timeline entries and its {@code OrderPlaced} event. */
    private Order record(Connection c, Placing p, String warehouse, String item, String source, ServedOffer offer,
            UUID groupId, String status, String detail) throws SQLException {
        Household h = p.household();
        Actor actor = p.actor();
        OrderRow row = new OrderRow(UUID.randomUUID(), h.id(), h.code(), h.placePath(), h.buildingPath(),
                warehouse == null ? "-" : warehouse, item, p.quantity(), source, offer == null ? null : offer.id(),
                offer == null ? null : offer.merchant(), groupId, offer == null ? null : offer.priceCents(), status,
                actor.username(), p.onBehalf(), String.format("%06d", RANDOM.nextInt(1_000_000)), 0, null, p.at(), p.at());
        orders.insert(c, row);
        orders.placed(c, row.id(), actor.username(), actor.role(),
                p.onBehalf() ? "ordered on behalf of the household" : "ordered by the household", status, detail);
        Outbox.write(c, mapper, OrderPlaced.TYPE, row.id().toString(), new OrderPlaced(row.id(), h.id(), h.code(), item,
                row.quantity(), source, row.merchant(), groupId, status, p.onBehalf(), row.createdAt()));
        return OrderAccess.view(actor, row);
    }

    public Order get(Actor actor, UUID id) {
        return tx.read(c -> OrderAccess.view(actor, access.visible(c, actor, id, false)));
    }

    public Timeline timeline(Actor actor, UUID id) {
        return tx.read(c -> {
            OrderRow row = access.visible(c, actor, id, false);
            return new Timeline(id, row.status(), orders.timeline(c, id));
        });
    }

    /**
     * Orders the actor may see, newest first: a resident their household's, a merchant its own, staff and
     * volunteers those in their areas (volunteers only those at the gate or on the way), optionally one status.
     */
    public PageView<Order> list(Actor actor, String status, int page, int size) {
        Filter filter;
        if (actor.isPlatformAdmin()) {
            filter = Filter.all();
        } else if (actor.isMerchant()) {
            filter = Filter.ofMerchant(actor.merchant());
        } else if (actor.isStaff() || actor.isVolunteer()) {
            filter = Filter.within(actor.paths(), !actor.isStaff());
        } else if (actor.isResident() && actor.caller().household() != null) {
            filter = Filter.ofHouseholdCode(actor.caller().household());
        } else {
            filter = Filter.none();
        }
        return page(actor, status == null ? filter : filter.withStatus(status), page, size);
    }

    /** A household's orders (the gateway's household overview part): its resident, or staff of its area. */
    public PageView<Order> ofHousehold(Actor actor, UUID householdId, int page, int size) {
        tx.read(c -> HouseholdService.visible(actor, households.find(c, householdId), householdId));
        return page(actor, Filter.ofHousehold(householdId), page, size);
    }

    private PageView<Order> page(Actor actor, Filter filter, int page, int size) {
        return tx.read(c -> PageView.of(orders.page(c, filter, page, size).stream()
                .map(row -> OrderAccess.view(actor, row)).toList(), page, size, orders.count(c, filter)));
    }
}
