package org.lifeline.hotline.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.hotline.api.HotlineApi.Callback;
import org.lifeline.hotline.api.HotlineApi.FollowUp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@code callback} (promised calls back, by deadline) and {@code follow_up} (the rating after resolution). */
@ApplicationScoped
public class CallbackRepository {

    private static final String COLUMNS = "id, ticket_id, due_at, note, status, scheduled_by, done_by, done_at";

    public void add(Connection c, UUID id, UUID ticket, Instant dueAt, String note, String placePath, String by, Instant at)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO callback (id, ticket_id, due_at, note, status, place_path, "
                + "scheduled_by, scheduled_at) VALUES (?, ?, ?, ?, 'scheduled', ?, ?, ?)")) {
            s.setObject(1, id);
            s.setObject(2, ticket);
            s.setTimestamp(3, TicketRepository.ts(dueAt));
            s.setString(4, note);
            s.setString(5, placePath);
            s.setString(6, by);
            s.setTimestamp(7, TicketRepository.ts(at));
            s.executeUpdate();
        }
    }

    /** The callback locked ({@code SKIP LOCKED} when {@code noWait}: empty while someone else holds it). */
    public Optional<Callback> lock(Connection c, UUID id, boolean noWait) throws SQLException {
        List<Callback> found = many(c, "SELECT " + COLUMNS + " FROM callback WHERE id = ? FOR UPDATE" + (noWait ? " SKIP LOCKED" : ""), id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public boolean exists(Connection c, UUID id) throws SQLException {
        return !many(c, "SELECT " + COLUMNS + " FROM callback WHERE id = ?", id).isEmpty();
    }

    public void finish(Connection c, UUID id, String status, String by, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE callback SET status = ?, done_by = ?, done_at = ? WHERE id = ?")) {
            s.setString(1, status);
            s.setString(2, by);
            s.setTimestamp(3, TicketRepository.ts(at));
            s.setObject(4, id);
            s.executeUpdate();
        }
    }

    public List<Callback> of(Connection c, UUID ticket) throws SQLException {
        return many(c, "SELECT " + COLUMNS + " FROM callback WHERE ticket_id = ? ORDER BY due_at, id", ticket);
    }

    /** Scheduled callbacks inside {@code pathSql} (over {@code place_path}), earliest deadline first. */
    public List<Callback> queue(Connection c, String pathSql, int limit) throws SQLException {
        return many(c, "SELECT " + COLUMNS + " FROM callback WHERE status = 'scheduled' AND " + pathSql
                + " ORDER BY due_at, id LIMIT ?", limit);
    }

    public void addFollowUp(Connection c, UUID ticket, int rating, String comment, String by, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO follow_up (ticket_id, rating, comment, recorded_by, at) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            s.setObject(1, ticket);
            s.setInt(2, rating);
            s.setString(3, comment);
            s.setString(4, by);
            s.setTimestamp(5, TicketRepository.ts(at));
            s.executeUpdate();
        }
    }

    public Optional<FollowUp> followUp(Connection c, UUID ticket) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT rating, comment, recorded_by, at FROM follow_up WHERE ticket_id = ?")) {
            s.setObject(1, ticket);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new FollowUp(rs.getInt(1), rs.getString(2), rs.getString(3),
                        TicketRepository.instant(rs, 4).atOffset(ZoneOffset.UTC))) : Optional.empty();
            }
        }
    }

    private static List<Callback> many(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            TicketRepository.bind(s, args);
            try (ResultSet rs = s.executeQuery()) {
                List<Callback> out = new ArrayList<>();
                while (rs.next()) {
                    Instant done = TicketRepository.instant(rs, 8);
                    out.add(new Callback(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            TicketRepository.instant(rs, 3).atOffset(ZoneOffset.UTC), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), done == null ? null : done.atOffset(ZoneOffset.UTC)));
                }
                return out;
            }
        }
    }
}
