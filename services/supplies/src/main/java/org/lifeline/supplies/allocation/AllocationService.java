package org.lifeline.supplies.allocation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.supplies.allocation.AllocationApi.Decision;
import org.lifeline.supplies.allocation.AllocationApi.Run;
import org.lifeline.supplies.allocation.AllocationApi.RunRequest;
import org.lifeline.supplies.allocation.Priority.Candidate;
import org.lifeline.supplies.allocation.Priority.Ranked;
import org.lifeline.supplies.catalogue.CatalogueService;
import org.lifeline.supplies.order.Orders;
import org.lifeline.supplies.rest.Actor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Allocation runs: when demand exceeds a warehouse's stock, the waiting orders of that warehouse and item are
 * ranked by {@link Priority} and served in that order while stock lasts; an order that needs more than is
 * left waits for the next run. The stock row is locked for the run, so orders placed meanwhile wait for it
 * and nothing is given twice. Every decision is stored with its score's parts.
 */
@ApplicationScoped
public class AllocationService {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper mapper;

    public Run run(Actor actor, RunRequest request) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                String areaPath = CatalogueService.warehousePath(c, actor, request.areaCode());
                int available = 0;
                boolean stocked = false;
                try (PreparedStatement s = c.prepareStatement("SELECT available FROM stock WHERE area_code = ? "
                        + "AND item_code = ? FOR UPDATE")) {
                    s.setString(1, request.areaCode());
                    s.setString(2, request.itemCode());
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            available = rs.getInt(1);
                            stocked = true;
                        }
                    }
                }
                List<Candidate> candidates = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("SELECT o.id, o.building_path, o.quantity, o.created_at, "
                        + "h.status, (SELECT count(*) FROM person_rm p WHERE p.household_id = o.household_id "
                        + "AND p.flags && ?::text[]), (SELECT count(*) FROM person_rm p WHERE p.household_id = o.household_id "
                        + "AND p.birth_date > current_date - make_interval(years => ?)) "
                        + "FROM supply_order o LEFT JOIN household_rm h ON h.id = o.household_id "
                        + "WHERE o.status = 'waiting' AND o.stock_area = ? AND o.item_code = ? "
                        + "ORDER BY o.created_at FOR UPDATE OF o")) {
                    s.setArray(1, c.createArrayOf("text", Priority.VULNERABLE_FLAGS.toArray()));
                    s.setInt(2, Priority.INFANT_UNDER_YEARS);
                    s.setString(3, request.areaCode());
                    s.setString(4, request.itemCode());
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            candidates.add(new Candidate(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3),
                                    rs.getObject(4, OffsetDateTime.class), rs.getString(5), rs.getInt(6), rs.getInt(7)));
                        }
                    }
                }
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                List<Ranked> ranked = Priority.rank(candidates, now);
                UUID runId = UUID.randomUUID();
                int left = available;
                int orders = 0;
                List<UUID> allocated = new ArrayList<>();
                try (PreparedStatement decision = c.prepareStatement("INSERT INTO allocation_decision (run_id, order_id, "
                        + "position, building_path, round, score, components, outcome, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                        PreparedStatement timeline = c.prepareStatement("INSERT INTO order_event (order_id, kind, actor, "
                                + "actor_role, detail) VALUES (?, 'allocated', ?, ?, ?)")) {
                    // the run row first (decisions refer to it); its counts are set below
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO allocation_run (id, area_code, "
                            + "area_path, item_code, started_by, available_before, orders_considered, "
                            + "orders_allocated, units_allocated) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)")) {
                        s.setObject(1, runId);
                        s.setString(2, request.areaCode());
                        s.setString(3, areaPath);
                        s.setString(4, request.itemCode());
                        s.setString(5, actor.username());
                        s.setInt(6, available);
                        s.setInt(7, candidates.size());
                        s.executeUpdate();
                    }
                    for (Ranked r : ranked) {
                        Candidate cand = r.candidate();
                        boolean give = cand.quantity() <= left;
                        String reason;
                        if (give) {
                            left -= cand.quantity();
                            orders++;
                            allocated.add(cand.orderId());
                            reason = "position " + r.position() + " (round " + r.round() + " of its building), score "
                                    + r.components().total() + ": " + cand.quantity() + " given, " + left + " left";
                        } else {
                            reason = "position " + r.position() + " (round " + r.round() + " of its building), score "
                                    + r.components().total() + ": needs " + cand.quantity() + ", only " + left
                                    + " left; waits for the next run";
                        }
                        decision.setObject(1, runId);
                        decision.setObject(2, cand.orderId());
                        decision.setInt(3, r.position());
                        decision.setString(4, cand.buildingPath());
                        decision.setInt(5, r.round());
                        decision.setInt(6, r.components().total());
                        decision.setString(7, mapper.writeValueAsString(r.components()));
                        decision.setString(8, give ? "allocated" : "waiting");
                        decision.setString(9, reason);
                        decision.addBatch();
                        if (give) {
                            timeline.setObject(1, cand.orderId());
                            timeline.setString(2, actor.username());
                            timeline.setString(3, actor.role());
                            timeline.setString(4, "allocation run " + runId + ": " + reason);
                            timeline.addBatch();
                        }
                    }
                    decision.executeBatch();
                    timeline.executeBatch();
                }
                if (!allocated.isEmpty()) {
                    try (PreparedStatement s = c.prepareStatement("UPDATE supply_order SET status = 'allocated', "
                            + "updated_at = now() WHERE id = ANY (?)")) {
                        s.setArray(1, c.createArrayOf("uuid", allocated.toArray()));
                        s.executeUpdate();
                    }
                }
                int units = available - left;
                if (stocked && units > 0) {
                    try (PreparedStatement s = c.prepareStatement("UPDATE stock SET available = available - ?, "
                            + "allocated = allocated + ?, updated_at = now() WHERE area_code = ? AND item_code = ?")) {
                        s.setInt(1, units);
                        s.setInt(2, units);
                        s.setString(3, request.areaCode());
                        s.setString(4, request.itemCode());
                        s.executeUpdate();
                    }
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE allocation_run SET orders_allocated = ?, "
                        + "units_allocated = ? WHERE id = ? RETURNING started_at")) {
                    s.setInt(1, orders);
                    s.setInt(2, units);
                    s.setObject(3, runId);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        c.commit();
                        return new Run(runId, request.areaCode(), request.itemCode(), actor.username(),
                                rs.getObject(1, OffsetDateTime.class), available, candidates.size(), orders, units, left);
                    }
                }
            } catch (JsonProcessingException e) {
                c.rollback();
                throw new IllegalStateException(e);
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Run get(Actor actor, UUID id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT area_code, "
                + "area_path, item_code, started_by, started_at, available_before, orders_considered, "
                + "orders_allocated, units_allocated FROM allocation_run WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next() || !AreaPaths.within(actor.paths(), rs.getString(2))) {
                    throw ProblemException.notFound("Allocation run", id);
                }
                return new Run(id, rs.getString(1), rs.getString(3), rs.getString(4), rs.getObject(5, OffsetDateTime.class),
                        rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(6) - rs.getInt(9));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A run's decisions in serving order (staff of its community). */
    public PageView<Decision> decisions(Actor actor, UUID runId, int page, int size) {
        get(actor, runId);
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM allocation_decision WHERE run_id = ?")) {
                s.setObject(1, runId);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Decision> items = decisions(c, "d.run_id = ? ORDER BY d.position LIMIT " + size + " OFFSET "
                    + ((long) page * size), runId);
            return PageView.of(items, page, size, total);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why an order was (or was not yet) served: its decisions in every run, newest first; whoever sees the order. */
    public List<Decision> ofOrder(Actor actor, UUID orderId) {
        try (Connection c = dataSource.getConnection()) {
            Orders.visible(c, actor, orderId, false);
            return decisions(c, "d.order_id = ? ORDER BY r.started_at DESC", orderId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Decision> decisions(Connection c, String whereAndOrder, UUID param) throws SQLException {
        List<Decision> items = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT d.run_id, d.order_id, d.position, d.round, d.building_path, "
                + "d.score, d.components, d.outcome, d.reason, r.started_at FROM allocation_decision d "
                + "JOIN allocation_run r ON r.id = d.run_id WHERE " + whereAndOrder)) {
            s.setObject(1, param);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String building = rs.getString(5);
                    String[] parts = building.split("/");
                    items.add(new Decision(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3),
                            rs.getInt(4), parts.length == 0 ? building : parts[parts.length - 1], rs.getInt(6),
                            mapper.readValue(rs.getString(7), Priority.Components.class), rs.getString(8), rs.getString(9),
                            rs.getObject(10, OffsetDateTime.class)));
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return items;
    }
}
