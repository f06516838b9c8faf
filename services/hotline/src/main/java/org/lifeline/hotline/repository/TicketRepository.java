package org.lifeline.hotline.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.hotline.api.HotlineApi.OwnerReport;
import org.lifeline.hotline.model.TicketRow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code ticket} table: open one (once per household and category), lock, write back, the queue, the reports. */
@ApplicationScoped
public class TicketRepository {

    static final String COLUMNS = "id, household_id, household_code, place_path, category, urgency, status, level, level_code, "
            + "claimed_by, opened_by, opened_at, first_response_due, resolve_due, first_response_at, resolved_at, resolution, "
            + "waiting_since, paused_seconds, contacts_count, merged_into, emergency";

    /** A queue filter: status (open = open or waiting), category, and the path prefixes (caller's areas and place). */
    public record Filter(String status, String category, String pathSql) {
    }

    /**
     * Inserts the ticket unless the household already has an open one in its category; the partial unique index
     * {@code ticket_one_open} decides, so two concurrent first contacts open one ticket.
     *
     * @return whether this ticket was inserted
     */
    public boolean insertIfNoneOpen(Connection c, TicketRow t) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ticket (" + COLUMNS + ", updated_at) VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (household_id, category) WHERE status IN ('open', 'waiting') DO NOTHING")) {
            bindAll(s, t);
            s.setTimestamp(23, Timestamp.from(t.openedAt()));
            return s.executeUpdate() == 1;
        }
    }

    /**
     * {@link #insertIfNoneOpen} for many tickets in one round trip (a batch).
     *
     * @return for each ticket, in order, whether it was inserted
     */
    public boolean[] insertAllIfNoneOpen(Connection c, List<TicketRow> rows) throws SQLException {
        boolean[] inserted = new boolean[rows.size()];
        if (rows.isEmpty()) {
            return inserted;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ticket (" + COLUMNS + ", updated_at) VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (household_id, category) WHERE status IN ('open', 'waiting') DO NOTHING")) {
            for (TicketRow t : rows) {
                bindAll(s, t);
                s.setTimestamp(23, Timestamp.from(t.openedAt()));
                s.addBatch();
            }
            int[] counts = s.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                inserted[i] = counts[i] == 1;
            }
        }
        return inserted;
    }

    /** Which of these households have an open (or waiting) ticket in the category: {@code <household id>/<category>}. */
    public java.util.Set<String> openKeys(Connection c, List<UUID> households, List<String> categories) throws SQLException {
        java.util.Set<String> open = new java.util.HashSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT t.household_id, t.category FROM ticket t "
                + "JOIN unnest(?::uuid[], ?::varchar[]) AS k (household_id, category) "
                + "ON t.household_id = k.household_id AND t.category = k.category WHERE t.status IN ('open', 'waiting')")) {
            s.setArray(1, c.createArrayOf("uuid", households.toArray()));
            s.setArray(2, c.createArrayOf("varchar", categories.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    open.add(rs.getObject(1, UUID.class) + "/" + rs.getString(2));
                }
            }
        }
        return open;
    }

    /** The open (or waiting) ticket of the household in the category, locked. */
    public Optional<TicketRow> lockOpen(Connection c, UUID household, String category) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM ticket WHERE household_id = ? AND category = ? "
                + "AND status IN ('open', 'waiting') FOR UPDATE", household, category);
    }

    public Optional<TicketRow> row(Connection c, UUID id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM ticket WHERE id = ?", id);
    }

    /** The ticket locked for the transaction. */
    public Optional<TicketRow> lock(Connection c, UUID id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM ticket WHERE id = ? FOR UPDATE", id);
    }

    /** The ticket locked, or empty when another transaction holds it (a deadline worker leaves it for later). */
    public Optional<TicketRow> lockNoWait(Connection c, UUID id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM ticket WHERE id = ? FOR UPDATE SKIP LOCKED", id);
    }

    /** Writes every field of the row back (the caller holds its lock). */
    public void update(Connection c, TicketRow t, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE ticket SET household_id = ?, household_code = ?, place_path = ?, "
                + "category = ?, urgency = ?, status = ?, level = ?, level_code = ?, claimed_by = ?, opened_by = ?, opened_at = ?, "
                + "first_response_due = ?, resolve_due = ?, first_response_at = ?, resolved_at = ?, resolution = ?, "
                + "waiting_since = ?, paused_seconds = ?, contacts_count = ?, merged_into = ?, emergency = ?, updated_at = ? "
                + "WHERE id = ?")) {
            s.setObject(1, t.householdId());
            s.setString(2, t.householdCode());
            s.setString(3, t.placePath());
            s.setString(4, t.category());
            s.setString(5, t.urgency());
            s.setString(6, t.status());
            s.setString(7, t.level());
            s.setString(8, t.levelCode());
            s.setString(9, t.claimedBy());
            s.setString(10, t.openedBy());
            s.setTimestamp(11, ts(t.openedAt()));
            s.setTimestamp(12, ts(t.firstResponseDue()));
            s.setTimestamp(13, ts(t.resolveDue()));
            s.setTimestamp(14, ts(t.firstResponseAt()));
            s.setTimestamp(15, ts(t.resolvedAt()));
            s.setString(16, t.resolution());
            s.setTimestamp(17, ts(t.waitingSince()));
            s.setLong(18, t.pausedSeconds());
            s.setInt(19, t.contactsCount());
            s.setObject(20, t.mergedInto());
            s.setBoolean(21, t.emergency());
            s.setTimestamp(22, ts(at));
            s.setObject(23, t.id());
            s.executeUpdate();
        }
    }

    /** Marks whether the first response and the resolution came in time (for the owners' report). */
    public void markOnTime(Connection c, UUID id, Boolean respondedOnTime, Boolean resolvedOnTime) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE ticket SET responded_on_time = COALESCE(?, responded_on_time), "
                + "resolved_on_time = COALESCE(?, resolved_on_time) WHERE id = ?")) {
            s.setObject(1, respondedOnTime, Types.BOOLEAN);
            s.setObject(2, resolvedOnTime, Types.BOOLEAN);
            s.setObject(3, id);
            s.executeUpdate();
        }
    }

    /** A page of the queue, earliest deadline first. */
    public List<TicketRow> page(Connection c, Filter f, int page, int size) throws SQLException {
        List<Object> args = new ArrayList<>();
        String where = where(f, args);
        args.add(size);
        args.add((long) page * size);
        return many(c, "SELECT " + COLUMNS + " FROM ticket WHERE " + where
                + " ORDER BY LEAST(CASE WHEN first_response_at IS NULL THEN first_response_due END, resolve_due), id "
                + "LIMIT ? OFFSET ?", args.toArray());
    }

    public long count(Connection c, Filter f) throws SQLException {
        List<Object> args = new ArrayList<>();
        String where = where(f, args);
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM ticket WHERE " + where)) {
            bind(s, args.toArray());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A household's tickets, newest first (open only if asked). */
    public List<TicketRow> ofHousehold(Connection c, UUID household, boolean openOnly) throws SQLException {
        return many(c, "SELECT " + COLUMNS + " FROM ticket WHERE household_id = ?"
                + (openOnly ? " AND status IN ('open', 'waiting')" : "") + " ORDER BY opened_at DESC LIMIT 200", household);
    }

    /** A household's tickets by its code (a resident's token), newest first. */
    public List<TicketRow> ofHouseholdCode(Connection c, String code) throws SQLException {
        return many(c, "SELECT " + COLUMNS + " FROM ticket WHERE household_code = ? AND status <> 'merged' "
                + "ORDER BY opened_at DESC LIMIT 200", code);
    }

    /** Per owner (the place that owns each ticket now), inside {@code pathSql}. */
    public List<OwnerReport> owners(Connection c, String pathSql) throws SQLException {
        List<OwnerReport> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT t.level_code, min(t.level), count(*), "
                + "count(t.first_response_at), count(*) FILTER (WHERE t.responded_on_time), "
                + "count(t.resolved_at), count(*) FILTER (WHERE t.resolved_on_time), "
                + "count(f.rating), count(*) FILTER (WHERE f.rating >= 4), avg(f.rating) "
                + "FROM ticket t LEFT JOIN follow_up f ON f.ticket_id = t.id "
                + "WHERE t.status <> 'merged' AND " + pathSql + " GROUP BY t.level_code ORDER BY t.level_code")) {
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long tickets = rs.getLong(3);
                    long rated = rs.getLong(8);
                    double avg = rs.getDouble(10);
                    out.add(new OwnerReport(rs.getString(1), rs.getString(2), tickets, rs.getLong(4), rs.getLong(5),
                            rate(rs.getLong(5), tickets), rs.getLong(6), rs.getLong(7), rate(rs.getLong(7), tickets), rated,
                            rs.getLong(9), rate(rs.getLong(9), rated), rated == 0 ? null : Math.round(avg * 100) / 100.0));
                }
            }
        }
        return out;
    }

    private static Double rate(long part, long whole) {
        return whole == 0 ? null : Math.round(part * 10000.0 / whole) / 10000.0;
    }

    private static String where(Filter f, List<Object> args) {
        StringBuilder w = new StringBuilder(f.pathSql());
        if (f.status() != null) {
            if ("open".equals(f.status())) {
                w.append(" AND status IN ('open', 'waiting')");
            } else {
                w.append(" AND status = ?");
                args.add(f.status());
            }
        }
        if (f.category() != null) {
            w.append(" AND category = ?");
            args.add(f.category());
        }
        return w.toString();
    }

    private static void bindAll(PreparedStatement s, TicketRow t) throws SQLException {
        s.setObject(1, t.id());
        s.setObject(2, t.householdId());
        s.setString(3, t.householdCode());
        s.setString(4, t.placePath());
        s.setString(5, t.category());
        s.setString(6, t.urgency());
        s.setString(7, t.status());
        s.setString(8, t.level());
        s.setString(9, t.levelCode());
        s.setString(10, t.claimedBy());
        s.setString(11, t.openedBy());
        s.setTimestamp(12, ts(t.openedAt()));
        s.setTimestamp(13, ts(t.firstResponseDue()));
        s.setTimestamp(14, ts(t.resolveDue()));
        s.setTimestamp(15, ts(t.firstResponseAt()));
        s.setTimestamp(16, ts(t.resolvedAt()));
        s.setString(17, t.resolution());
        s.setTimestamp(18, ts(t.waitingSince()));
        s.setLong(19, t.pausedSeconds());
        s.setInt(20, t.contactsCount());
        s.setObject(21, t.mergedInto());
        s.setBoolean(22, t.emergency());
    }

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    static Instant instant(ResultSet rs, int i) throws SQLException {
        Timestamp t = rs.getTimestamp(i);
        return t == null ? null : t.toInstant();
    }

    static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
    }

    private static TicketRow map(ResultSet rs) throws SQLException {
        return new TicketRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), instant(rs, 12), instant(rs, 13), instant(rs, 14), instant(rs, 15), instant(rs, 16),
                rs.getString(17), instant(rs, 18), rs.getLong(19), rs.getInt(20), rs.getObject(21, UUID.class),
                rs.getBoolean(22));
    }

    private static Optional<TicketRow> one(Connection c, String sql, Object... args) throws SQLException {
        List<TicketRow> rows = many(c, sql, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static List<TicketRow> many(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet rs = s.executeQuery()) {
                List<TicketRow> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(map(rs));
                }
                return out;
            }
        }
    }
}
