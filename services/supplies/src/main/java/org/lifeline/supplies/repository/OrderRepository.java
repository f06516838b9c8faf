package org.lifeline.supplies.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.supplies.api.OrderApi.TimelineEntry;
import org.lifeline.supplies.model.OrderRow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Orders ({@code supply_order}), their timeline ({@code order_event}) and hand-overs ({@code handover}). */
@ApplicationScoped
public class OrderRepository {

    private static final String COLUMNS = "id, household_id, household_code, place_path, building_path, stock_area, "
            + "item_code, quantity, source, offer_id, merchant, group_id, price_cents, status, placed_by, on_behalf, "
            + "delivery_code, code_attempts, carrier, created_at, updated_at";

    /**
     * Which orders a list shows: all; a merchant's; those inside area paths (only from the gate on, for
     * volunteers); a household's by its code or its id; optionally one status.
     */
    public record Filter(boolean everything, String merchant, List<String> paths, boolean fromGateOn, String householdCode,
            UUID householdId, String status) {

        public static Filter all() {
            return new Filter(true, null, null, false, null, null, null);
        }

        public static Filter none() {
            return new Filter(false, null, null, false, null, null, null);
        }

        public static Filter ofMerchant(String merchant) {
            return new Filter(false, merchant, null, false, null, null, null);
        }

        public static Filter within(List<String> paths, boolean fromGateOn) {
            return new Filter(false, null, paths, fromGateOn, null, null, null);
        }

        public static Filter ofHouseholdCode(String code) {
            return new Filter(false, null, null, false, code, null, null);
        }

        public static Filter ofHousehold(UUID id) {
            return new Filter(false, null, null, false, null, id, null);
        }

        public Filter withStatus(String status) {
            return new Filter(everything, merchant, paths, fromGateOn, householdCode, householdId, status);
        }
    }

    public Optional<OrderRow> find(Connection c, UUID id, boolean forUpdate) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM supply_order WHERE id = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** One order at a time per household until the transaction ends, so the daily limit holds under concurrency. */
    public void lockHousehold(Connection c, UUID householdId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 42))")) {
            s.setString(1, householdId.toString());
            s.execute();
        }
    }

    public int countSince(Connection c, UUID householdId, Instant since) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM supply_order WHERE household_id = ? "
                + "AND created_at >= ?")) {
            s.setObject(1, householdId);
            s.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Writes a new order as it is given, its times included. */
    public void insert(Connection c, OrderRow o) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO supply_order (id, household_id, household_code, "
                + "place_path, building_path, stock_area, item_code, quantity, source, offer_id, merchant, group_id, "
                + "price_cents, status, placed_by, on_behalf, delivery_code, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setObject(1, o.id());
            s.setObject(2, o.householdId());
            s.setString(3, o.householdCode());
            s.setString(4, o.placePath());
            s.setString(5, o.buildingPath());
            s.setString(6, o.stockArea());
            s.setString(7, o.itemCode());
            s.setInt(8, o.quantity());
            s.setString(9, o.source());
            s.setObject(10, o.offerId());
            s.setString(11, o.merchant());
            s.setObject(12, o.groupId());
            s.setObject(13, o.priceCents());
            s.setString(14, o.status());
            s.setString(15, o.placedBy());
            s.setBoolean(16, o.onBehalf());
            s.setString(17, o.deliveryCode());
            s.setObject(18, o.createdAt());
            s.setObject(19, o.updatedAt());
            s.executeUpdate();
        }
    }

    /** The first two steps of a new order's timeline: {@code placed}, then its status. */
    public void placed(Connection c, UUID order, String actor, String role, String placedDetail, String status,
            String statusDetail) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO order_event (order_id, kind, actor, actor_role, detail) "
                + "VALUES (?, 'placed', ?, ?, ?), (?, ?, ?, ?, ?)")) {
            s.setObject(1, order);
            s.setString(2, actor);
            s.setString(3, role);
            s.setString(4, placedDetail);
            s.setObject(5, order);
            s.setString(6, status);
            s.setString(7, actor);
            s.setString(8, role);
            s.setString(9, statusDetail);
            s.executeUpdate();
        }
    }

    public void timeline(Connection c, UUID order, String kind, String actor, String role, String detail)
            throws SQLException {
        timeline(c, List.of(new Step(order, kind, actor, role, detail)));
    }

    /** One step of an order's timeline, to write. */
    public record Step(UUID order, String kind, String actor, String role, String detail) {
    }

    public void timeline(Connection c, List<Step> steps) throws SQLException {
        if (steps.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO order_event (order_id, kind, actor, actor_role, detail) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            for (Step step : steps) {
                s.setObject(1, step.order());
                s.setString(2, step.kind());
                s.setString(3, step.actor());
                s.setString(4, step.role());
                s.setString(5, step.detail());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    public List<TimelineEntry> timeline(Connection c, UUID order) throws SQLException {
        List<TimelineEntry> entries = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT kind, actor, actor_role, detail, at FROM order_event "
                + "WHERE order_id = ? ORDER BY id")) {
            s.setObject(1, order);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    entries.add(new TimelineEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class)));
                }
            }
        }
        return entries;
    }

    /** The group's orders still waiting for it become {@code confirmed}: @return their ids */
    public List<UUID> confirmGroup(Connection c, UUID groupId) throws SQLException {
        List<UUID> confirmed = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("UPDATE supply_order SET status = 'confirmed', updated_at = now() "
                + "WHERE group_id = ? AND status = 'pending-group' RETURNING id")) {
            s.setObject(1, groupId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    confirmed.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return confirmed;
    }

    public void markAllocated(Connection c, List<UUID> orders) throws SQLException {
        if (orders.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE supply_order SET status = 'allocated', "
                + "updated_at = now() WHERE id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("uuid", orders.toArray()));
            s.executeUpdate();
        }
    }

    /** A new status; the carrier too when one is given. */
    public void setStatus(Connection c, UUID order, String status, String carrier) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE supply_order SET status = ?, "
                + "carrier = COALESCE(?, carrier), updated_at = now() WHERE id = ?")) {
            s.setString(1, status);
            s.setString(2, carrier);
            s.setObject(3, order);
            s.executeUpdate();
        }
    }

    public void countWrongCode(Connection c, UUID order) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE supply_order SET code_attempts = code_attempts + 1 WHERE id = ?")) {
            s.setObject(1, order);
            s.executeUpdate();
        }
    }

    public void handover(Connection c, UUID order, String stage, String from, String to, String note)
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

    public long count(Connection c, Filter filter) throws SQLException {
        List<Object> params = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM supply_order WHERE " + where(filter, params))) {
            bind(s, params);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A page of the orders, newest first. */
    public List<OrderRow> page(Connection c, Filter filter, int page, int size) throws SQLException {
        List<Object> params = new ArrayList<>();
        List<OrderRow> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM supply_order WHERE "
                + where(filter, params) + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?")) {
            int i = bind(s, params);
            s.setInt(i++, size);
            s.setLong(i, (long) page * size);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        }
        return rows;
    }

    private static String where(Filter f, List<Object> params) {
        String where;
        if (f.everything()) {
            where = "TRUE";
        } else if (f.merchant() != null) {
            where = "merchant = ?";
            params.add(f.merchant());
        } else if (f.paths() != null) {
            where = AreaPaths.sqlWithin("place_path", f.paths());
            if (f.fromGateOn()) {
                where += " AND status IN ('at-gate', 'out-for-delivery', 'delivered')";
            }
        } else if (f.householdCode() != null) {
            where = "household_code = ?";
            params.add(f.householdCode());
        } else if (f.householdId() != null) {
            where = "household_id = ?";
            params.add(f.householdId());
        } else {
            where = "FALSE";
        }
        if (f.status() != null) {
            where += " AND status = ?";
            params.add(f.status());
        }
        return where;
    }

    private static int bind(PreparedStatement s, List<Object> params) throws SQLException {
        int i = 1;
        for (Object p : params) {
            s.setObject(i++, p);
        }
        return i;
    }

    private static OrderRow row(ResultSet rs) throws SQLException {
        return new OrderRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9),
                rs.getObject(10, UUID.class), rs.getString(11), rs.getObject(12, UUID.class),
                (Integer) rs.getObject(13), rs.getString(14), rs.getString(15), rs.getBoolean(16), rs.getString(17),
                rs.getInt(18), rs.getString(19), rs.getObject(20, OffsetDateTime.class),
                rs.getObject(21, OffsetDateTime.class));
    }
}
