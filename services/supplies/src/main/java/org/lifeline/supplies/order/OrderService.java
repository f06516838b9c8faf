package org.lifeline.supplies.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.problem.ProblemType;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.supplies.event.SuppliesEvents;
import org.lifeline.supplies.event.SuppliesEvents.OrderPlaced;
import org.lifeline.supplies.order.OrderApi.Order;
import org.lifeline.supplies.order.OrderApi.OrderRequest;
import org.lifeline.supplies.order.OrderApi.Timeline;
import org.lifeline.supplies.order.OrderApi.TimelineEntry;
import org.lifeline.supplies.rest.Actor;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Placing orders and reading them. A household orders from the community warehouse (stock reserved at once
 * by a conditional update that never oversells; without stock, or while others already wait, the order
 * waits for the next allocation run), from a merchant's offer (the offer's stock, reserved the same way),
 * or joins its building's group order. At most {@code supplies.orders.per-household-per-day} orders per
 * household and day, checked under a per-household lock.
 */
@ApplicationScoped
public class OrderService {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "supplies.orders.per-household-per-day", defaultValue = "3")
    int perHouseholdPerDay;

    @ConfigProperty(name = "supplies.orders.zone", defaultValue = "Asia/Shanghai")
    ZoneId zone;

    /** A household as the read model knows it. */
    public record Household(UUID id, String code, String placePath, String status) {

        public String buildingPath() {
            int end = placePath.lastIndexOf('/', placePath.length() - 2);
            return placePath.substring(0, end + 1);
        }

        /** The community is the fourth level of the path: /city/district/street/community/... */
        public String communityCode() {
            String[] parts = placePath.split("/");
            return parts.length > 5 ? parts[4] : null;
        }
    }

    public static Household household(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT code, place_path, status FROM household_rm WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Household(id, rs.getString(1), rs.getString(2), rs.getString(3)) : null;
            }
        }
    }

    /** Places the order in the caller's transaction (the Idempotency-Key's). */
    public Order place(Connection c, Actor actor, OrderRequest request) throws SQLException {
        Household household = household(c, request.householdId());
        boolean own = household != null && actor.isResident() && household.code().equals(actor.caller().household());
        boolean onBehalf = household != null && !own && (actor.isFrontlineStaff() || actor.isPlatformAdmin())
                && AreaPaths.within(actor.paths(), household.placePath());
        if (!own && !onBehalf) {
            throw ProblemException.notFound("Household", request.householdId()); // existence not revealed
        }
        String community = household.communityCode();
        if (community == null && request.offerId() == null && request.groupOrderId() == null) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, Message.of(
                    "The household's address has no community: it cannot be served yet.", "该户地址不含社区，暂无法配送。"));
        }
        // one order at a time per household, so the daily limit holds under concurrent requests
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 42))")) {
            s.setString(1, household.id().toString());
            s.execute();
        }
        OffsetDateTime startOfDay = LocalDate.now(zone).atStartOfDay(zone).toOffsetDateTime();
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM supply_order WHERE household_id = ? "
                + "AND created_at >= ?")) {
            s.setObject(1, household.id());
            s.setTimestamp(2, Timestamp.from(startOfDay.toInstant()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getInt(1) >= perHouseholdPerDay) {
                    throw ProblemException.conflict(Message.of("This household has placed " + rs.getInt(1)
                            + " orders today, the most allowed per day (" + perHouseholdPerDay + "); order again tomorrow.",
                            "该户今日已下单 " + rs.getInt(1) + " 次，已达每日上限（" + perHouseholdPerDay + " 次），请明日再下单。"));
                }
            }
        }
        int quantity = request.quantity();
        UUID id = UUID.randomUUID();
        String source;
        String status;
        String item;
        String merchant = null;
        Integer price = null;
        UUID offerId = request.offerId();
        UUID groupId = request.groupOrderId();
        String detail;
        boolean groupConfirmed = false;
        if (groupId != null) {
            source = "group";
            String[] group = lockGroup(c, groupId, household);
            offerId = UUID.fromString(group[0]);
            String[] offer = reserveOffer(c, offerId, quantity, household);
            item = offer[0];
            merchant = offer[1];
            price = Integer.valueOf(offer[2]);
            try (PreparedStatement s = c.prepareStatement("UPDATE group_order SET members = members + 1, "
                    + "status = CASE WHEN members + 1 >= threshold THEN 'confirmed' ELSE status END, "
                    + "confirmed_at = CASE WHEN members + 1 >= threshold THEN now() ELSE confirmed_at END "
                    + "WHERE id = ? RETURNING status, members, threshold")) {
                s.setObject(1, groupId);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    groupConfirmed = rs.getString(1).equals("confirmed");
                    detail = "joined group order " + groupId + " (" + rs.getInt(2) + " of " + rs.getInt(3) + " households)";
                }
            }
            status = groupConfirmed ? "confirmed" : "pending-group";
        } else if (offerId != null) {
            source = "merchant";
            String[] offer = reserveOffer(c, offerId, quantity, household);
            item = offer[0];
            merchant = offer[1];
            price = Integer.valueOf(offer[2]);
            status = "confirmed";
            detail = "from " + merchant + "'s offer; stock reserved";
        } else {
            source = "warehouse";
            item = request.itemCode();
            if (item == null) {
                throw ProblemException.invalidField("itemCode", Message.of("is needed for a warehouse order",
                        "从仓库订购时必须填写物资代码"));
            }
            // the nearest warehouse above the household that stocks the item (a compound's depot, else the community's)
            try (PreparedStatement s = c.prepareStatement("SELECT area_code FROM stock WHERE item_code = ? "
                    + "AND ? LIKE area_path || '%' ORDER BY length(area_path) DESC LIMIT 1")) {
                s.setString(1, item);
                s.setString(2, household.placePath());
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        community = rs.getString(1);
                    } else if (!itemExists(c, item)) { // a stocked item is in the catalogue
                        throw ProblemException.invalidField("itemCode", Message.of("must be an item of the catalogue",
                                "必须是目录中的物资"));
                    }
                }
            }
            // the order, its timeline and its event are written first and the stock taken last, so the stock row is
            // locked only for that update and the commit; without stock, back to the savepoint and the order waits
            Savepoint optimistic = c.setSavepoint();
            OrderRow row = record(c, actor, id, household, community, item, quantity, source, null, null, null, null,
                    "allocated", onBehalf, "reserved from the warehouse of " + community, false);
            boolean reserved;
            try (PreparedStatement s = c.prepareStatement("UPDATE stock SET available = available - ?, "
                    + "allocated = allocated + ?, updated_at = now() WHERE area_code = ? AND item_code = ? "
                    + "AND available >= ? AND NOT EXISTS (SELECT 1 FROM supply_order w WHERE w.status = 'waiting' "
                    + "AND w.stock_area = stock.area_code AND w.item_code = stock.item_code)")) {
                s.setInt(1, quantity);
                s.setInt(2, quantity);
                s.setString(3, community);
                s.setString(4, item);
                s.setInt(5, quantity);
                reserved = s.executeUpdate() == 1;
            }
            if (reserved) {
                return Orders.view(actor, row); // the savepoint ends with the commit (no statement under the lock)
            }
            c.rollback(optimistic);
            if (Boolean.FALSE.equals(request.waitIfOutOfStock())) {
                throw ProblemException.conflict(Message.of("Out of stock: the warehouse of " + community
                        + " has not " + quantity + " of " + item + " to give now (or others wait for it first). "
                        + "Nothing was ordered; order with waitIfOutOfStock to wait for the next allocation.",
                        "库存不足：" + community + " 仓库目前无法提供 " + quantity + " 份 " + item
                                + "（或已有住户在排队）。未下单；如愿排队等待下一次分配，请设置 waitIfOutOfStock。"));
            }
            row = record(c, actor, id, household, community, item, quantity, source, null, null, null, null, "waiting",
                    onBehalf, "out of stock at the warehouse of " + community + ": waits for the next allocation run",
                    false);
            return Orders.view(actor, row);
        }
        OrderRow row = record(c, actor, id, household, community, item, quantity, source, offerId, merchant, groupId,
                price, status, onBehalf, detail, groupConfirmed);
        return Orders.view(actor, row);
    }

    /** Writes the order, its first two timeline entries and its {@code OrderPlaced} event. */
    private OrderRow record(Connection c, Actor actor, UUID id, Household household, String community, String item,
            int quantity, String source, UUID offerId, String merchant, UUID groupId, Integer price, String status,
            boolean onBehalf, String detail, boolean groupConfirmed) throws SQLException {
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        OrderRow row;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO supply_order (id, household_id, household_code, "
                + "place_path, building_path, stock_area, item_code, quantity, source, offer_id, merchant, group_id, "
                + "price_cents, status, placed_by, on_behalf, delivery_code) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING created_at, updated_at")) {
            s.setObject(1, id);
            s.setObject(2, household.id());
            s.setString(3, household.code());
            s.setString(4, household.placePath());
            s.setString(5, household.buildingPath());
            s.setString(6, community == null ? "-" : community);
            s.setString(7, item);
            s.setInt(8, quantity);
            s.setString(9, source);
            s.setObject(10, offerId);
            s.setString(11, merchant);
            s.setObject(12, groupId);
            s.setObject(13, price);
            s.setString(14, status);
            s.setString(15, actor.username());
            s.setBoolean(16, onBehalf);
            s.setString(17, code);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                row = new OrderRow(id, household.id(), household.code(), household.placePath(), household.buildingPath(),
                        community == null ? "-" : community, item, quantity, source, offerId, merchant, groupId, price,
                        status, actor.username(), onBehalf, code, 0, null, rs.getObject(1, OffsetDateTime.class),
                        rs.getObject(2, OffsetDateTime.class));
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO order_event (order_id, kind, actor, actor_role, detail) "
                + "VALUES (?, 'placed', ?, ?, ?), (?, ?, ?, ?, ?)")) {
            s.setObject(1, id);
            s.setString(2, actor.username());
            s.setString(3, actor.role());
            s.setString(4, onBehalf ? "ordered on behalf of the household" : "ordered by the household");
            s.setObject(5, id);
            s.setString(6, status);
            s.setString(7, actor.username());
            s.setString(8, actor.role());
            s.setString(9, detail);
            s.executeUpdate();
        }
        if (groupConfirmed) {
            confirmGroup(c, groupId);
            row = Orders.load(c, id, false);
        }
        SuppliesEvents.write(c, mapper, id, SuppliesEvents.ORDER_PLACED, new OrderPlaced(id, household.id(),
                household.code(), item, quantity, source, merchant, groupId, row.status(), onBehalf, row.createdAt()));
        return row;
    }

    private static boolean itemExists(Connection c, String item) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM item WHERE code = ?")) {
            s.setString(1, item);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** @return offer id of the open group order of the household's building */
    private static String[] lockGroup(Connection c, UUID groupId, Household household) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT offer_id, building_path, status FROM group_order "
                + "WHERE id = ? FOR UPDATE")) {
            s.setObject(1, groupId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next() || !household.placePath().startsWith(rs.getString(2))) {
                    throw ProblemException.notFound("Group order", groupId);
                }
                if (!rs.getString(3).equals("open")) {
                    throw ProblemException.conflict(Message.of("This group order is closed: it reached its threshold.",
                            "该团购已成团，不再接受加入。"));
                }
                return new String[] { rs.getString(1) };
            }
        }
    }

    /** Takes the quantity from the offer's stock if there is enough: @return item, merchant, price */
    private static String[] reserveOffer(Connection c, UUID offerId, int quantity, Household household)
            throws SQLException {
        String[] offer;
        try (PreparedStatement s = c.prepareStatement("SELECT item_code, merchant, price_cents, area_paths, active "
                + "FROM offer WHERE id = ?")) {
            s.setObject(1, offerId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(5)) {
                    throw ProblemException.notFound("Offer", offerId);
                }
                List<String> areas = List.of((String[]) rs.getArray(4).getArray());
                if (!AreaPaths.within(areas, household.placePath())) {
                    throw new ProblemException(ProblemType.UNPROCESSABLE, Message.of(
                            "This offer does not serve the household's area.", "该商品不配送至该户所在区域。"));
                }
                offer = new String[] { rs.getString(1), rs.getString(2), Integer.toString(rs.getInt(3)) };
            }
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE offer SET stock = stock - ?, updated_at = now() "
                + "WHERE id = ? AND active AND stock >= ?")) {
            s.setInt(1, quantity);
            s.setObject(2, offerId);
            s.setInt(3, quantity);
            if (s.executeUpdate() == 0) {
                throw ProblemException.conflict(Message.of("Out of stock: the merchant's offer has fewer than "
                        + quantity + " left. Nothing was ordered.", "库存不足：该商户剩余不足 " + quantity + " 份。未下单。"));
            }
        }
        return offer;
    }

    /** The group reached its threshold: every member's order is confirmed for the merchant to fulfil. */
    private static void confirmGroup(Connection c, UUID groupId) throws SQLException {
        List<UUID> waiting = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("UPDATE supply_order SET status = 'confirmed', updated_at = now() "
                + "WHERE group_id = ? AND status = 'pending-group' RETURNING id")) {
            s.setObject(1, groupId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    waiting.add(rs.getObject(1, UUID.class));
                }
            }
        }
        for (UUID order : waiting) {
            Orders.timeline(c, order, "confirmed", "system", "system",
                    "group order " + groupId + " reached its threshold: the merchant fulfils it");
        }
    }

    public Order get(Actor actor, UUID id) {
        try (Connection c = dataSource.getConnection()) {
            return Orders.view(actor, Orders.visible(c, actor, id, false));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Timeline timeline(Actor actor, UUID id) {
        try (Connection c = dataSource.getConnection()) {
            OrderRow row = Orders.visible(c, actor, id, false);
            List<TimelineEntry> entries = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT kind, actor, actor_role, detail, at FROM order_event "
                    + "WHERE order_id = ? ORDER BY id")) {
                s.setObject(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new TimelineEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getObject(5, OffsetDateTime.class)));
                    }
                }
            }
            return new Timeline(id, row.status(), entries);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Orders the actor may see, newest first: a resident their household's, a merchant its own, staff and
     * volunteers those in their areas (volunteers only those at the gate or on the way), optionally one status.
     */
    public PageView<Order> list(Actor actor, String status, int page, int size) {
        List<Object> params = new ArrayList<>();
        String where;
        if (actor.isPlatformAdmin()) {
            where = "TRUE";
        } else if (actor.isMerchant()) {
            where = "merchant = ?";
            params.add(actor.merchant());
        } else if (actor.isStaff() || actor.isVolunteer()) {
            where = AreaPaths.sqlWithin("place_path", actor.paths());
            if (!actor.isStaff()) {
                where += " AND status IN ('at-gate', 'out-for-delivery', 'delivered')";
            }
        } else if (actor.isResident() && actor.caller().household() != null) {
            where = "household_code = ?";
            params.add(actor.caller().household());
        } else {
            where = "FALSE";
        }
        if (status != null) {
            where += " AND status = ?";
            params.add(status);
        }
        return page(actor, where, params, page, size);
    }

    /** A household's orders (the gateway's household overview part): its resident, or staff of its area. */
    public PageView<Order> ofHousehold(Actor actor, UUID householdId, int page, int size) {
        try (Connection c = dataSource.getConnection()) {
            Household household = household(c, householdId);
            boolean own = household != null && actor.isResident() && household.code().equals(actor.caller().household());
            boolean staff = household != null && (actor.isStaff() || actor.isPlatformAdmin())
                    && AreaPaths.within(actor.paths(), household.placePath());
            if (!own && !staff) {
                throw ProblemException.notFound("Household", householdId);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return page(actor, "household_id = ?", new ArrayList<>(List.of(householdId)), page, size);
    }

    private PageView<Order> page(Actor actor, String where, List<Object> params, int page, int size) {
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM supply_order WHERE " + where)) {
                bind(s, params);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Order> items = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + OrderRow.COLUMNS + " FROM supply_order WHERE " + where
                    + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?")) {
                int i = bind(s, params);
                s.setInt(i++, size);
                s.setLong(i, (long) page * size);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        items.add(Orders.view(actor, OrderRow.of(rs)));
                    }
                }
            }
            return PageView.of(items, page, size, total);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int bind(PreparedStatement s, List<Object> params) throws SQLException {
        int i = 1;
        for (Object p : params) {
            s.setObject(i++, p);
        }
        return i;
    }
}
