package org.lifeline.supplies.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.supplies.api.AllocationApi.Decision;
import org.lifeline.supplies.api.AllocationApi.Run;
import org.lifeline.supplies.model.Priority.Candidate;
import org.lifeline.supplies.model.Priority;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Allocation runs ({@code allocation_run}), their decisions ({@code allocation_decision}) and their candidates. */
@ApplicationScoped
public class AllocationRepository {

    @Inject
    ObjectMapper mapper;

    /** A stored run with the path of its warehouse (who may read it). */
    public record StoredRun(Run run, String areaPath) {
    }

    /** A decision to store: the ranked order, what it got and why. */
    public record NewDecision(UUID orderId, int position, String buildingPath, int round, Priority.Components components,
            String outcome, String reason) {
    }

    /**
     * The orders waiting for the warehouse's item, oldest first, locked for the run, each with what its score is
     * made of (infants: members born after {@code infantsBornAfter}).
     */
    public List<Candidate> lockWaiting(Connection c, String area, String item, LocalDate infantsBornAfter)
            throws SQLException {
        List<Candidate> candidates = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT o.id, o.building_path, o.quantity, o.created_at, "
                + "h.status, (SELECT count(*) FROM person_rm p WHERE p.household_id = o.household_id "
                + "AND p.flags && ?::text[]), (SELECT count(*) FROM person_rm p WHERE p.household_id = o.household_id "
                + "AND p.birth_date > ?) "
                + "FROM supply_order o LEFT JOIN household_rm h ON h.id = o.household_id "
                + "WHERE o.status = 'waiting' AND o.stock_area = ? AND o.item_code = ? "
                + "ORDER BY o.created_at FOR UPDATE OF o")) {
            s.setArray(1, c.createArrayOf("text", Priority.VULNERABLE_FLAGS.toArray()));
            s.setDate(2, Date.valueOf(infantsBornAfter));
            s.setString(3, area);
            s.setString(4, item);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    candidates.add(new Candidate(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3),
                            rs.getObject(4, OffsetDateTime.class), rs.getString(5), rs.getInt(6), rs.getInt(7)));
                }
            }
        }
        return candidates;
    }

    /** The run row, before its decisions (they refer to it); its counts are set by {@link #finish}. */
    public void start(Connection c, UUID id, String area, String areaPath, String item, String startedBy,
            OffsetDateTime startedAt, int availableBefore, int ordersConsidered) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO allocation_run (id, area_code, area_path, item_code, "
                + "started_by, started_at, available_before, orders_considered, orders_allocated, units_allocated) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0)")) {
            s.setObject(1, id);
            s.setString(2, area);
            s.setString(3, areaPath);
            s.setString(4, item);
            s.setString(5, startedBy);
            s.setObject(6, startedAt);
            s.setInt(7, availableBefore);
            s.setInt(8, ordersConsidered);
            s.executeUpdate();
        }
    }

    public void decide(Connection c, UUID runId, List<NewDecision> decisions) throws SQLException {
        if (decisions.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO allocation_decision (run_id, order_id, position, "
                + "building_path, round, score, components, outcome, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (NewDecision d : decisions) {
                s.setObject(1, runId);
                s.setObject(2, d.orderId());
                s.setInt(3, d.position());
                s.setString(4, d.buildingPath());
                s.setInt(5, d.round());
                s.setInt(6, d.components().total());
                s.setString(7, json(d.components()));
                s.setString(8, d.outcome());
                s.setString(9, d.reason());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    public void finish(Connection c, UUID runId, int ordersAllocated, int unitsAllocated) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE allocation_run SET orders_allocated = ?, "
                + "units_allocated = ? WHERE id = ?")) {
            s.setInt(1, ordersAllocated);
            s.setInt(2, unitsAllocated);
            s.setObject(3, runId);
            s.executeUpdate();
        }
    }

    public Optional<StoredRun> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT area_code, area_path, item_code, started_by, started_at, "
                + "available_before, orders_considered, orders_allocated, units_allocated FROM allocation_run WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredRun(new Run(id, rs.getString(1), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class), rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9),
                        rs.getInt(6) - rs.getInt(9)), rs.getString(2)));
            }
        }
    }

    public long countDecisions(Connection c, UUID runId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM allocation_decision WHERE run_id = ?")) {
            s.setObject(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A page of the run's decisions in serving order. */
    public List<Decision> decisionsOfRun(Connection c, UUID runId, int page, int size) throws SQLException {
        return decisions(c, "d.run_id = ? ORDER BY d.position LIMIT " + size + " OFFSET " + ((long) page * size), runId);
    }

    /** The order's decisions in every run, newest run first. */
    public List<Decision> decisionsOfOrder(Connection c, UUID orderId) throws SQLException {
        return decisions(c, "d.order_id = ? ORDER BY r.started_at DESC", orderId);
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
                            components(rs.getString(7)), rs.getString(8), rs.getString(9),
                            rs.getObject(10, OffsetDateTime.class)));
                }
            }
        }
        return items;
    }

    private String json(Priority.Components components) {
        try {
            return mapper.writeValueAsString(components);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Priority.Components components(String json) {
        try {
            return mapper.readValue(json, Priority.Components.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
