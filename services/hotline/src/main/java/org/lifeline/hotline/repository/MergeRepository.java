package org.lifeline.hotline.repository;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@code ticket_merge}: each merge with what undoing it needs. */
@ApplicationScoped
public class MergeRepository {

    /** A merge not undone yet. */
    public record Merge(long id, UUID ticket, UUID into, String previousStatus, int previousCount, List<Long> contactIds) {
    }

    public void add(Connection c, UUID ticket, UUID into, String previousStatus, int previousCount, List<Long> contactIds,
            String by, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ticket_merge (ticket_id, into_id, previous_status, "
                + "previous_count, contact_ids, merged_by, merged_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setObject(1, ticket);
            s.setObject(2, into);
            s.setString(3, previousStatus);
            s.setInt(4, previousCount);
            s.setArray(5, c.createArrayOf("bigint", contactIds.toArray()));
            s.setString(6, by);
            s.setTimestamp(7, TicketRepository.ts(at));
            s.executeUpdate();
        }
    }

    public Optional<Merge> active(Connection c, UUID ticket) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, ticket_id, into_id, previous_status, previous_count, contact_ids "
                + "FROM ticket_merge WHERE ticket_id = ? AND undone_at IS NULL")) {
            s.setObject(1, ticket);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Array ids = rs.getArray(6);
                return Optional.of(new Merge(rs.getLong(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                        rs.getString(4), rs.getInt(5), Arrays.asList((Long[]) ids.getArray())));
            }
        }
    }

    public void undo(Connection c, long id, String by, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE ticket_merge SET undone_by = ?, undone_at = ? WHERE id = ?")) {
            s.setString(1, by);
            s.setTimestamp(2, TicketRepository.ts(at));
            s.setLong(3, id);
            s.executeUpdate();
        }
    }
}
