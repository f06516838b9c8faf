package org.lifeline.hotline.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.hotline.api.HotlineApi.Link;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What tickets are linked to in the other services ({@code ticket_link}), and the open orders routing links. */
@ApplicationScoped
public class LinkRepository {

    /** Records the link; false when the ticket already has it. */
    public boolean link(Connection c, UUID ticket, String kind, UUID ref, String how, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ticket_link (ticket_id, kind, ref, how, linked_at) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            s.setObject(1, ticket);
            s.setString(2, kind);
            s.setObject(3, ref);
            s.setString(4, how);
            s.setTimestamp(5, Timestamp.from(at));
            return s.executeUpdate() == 1;
        }
    }

    public List<Link> of(Connection c, UUID ticket) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT kind, ref, how, linked_at FROM ticket_link WHERE ticket_id = ? "
                + "ORDER BY linked_at, kind")) {
            s.setObject(1, ticket);
            try (ResultSet rs = s.executeQuery()) {
                List<Link> links = new ArrayList<>();
                while (rs.next()) {
                    links.add(new Link(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getTimestamp(4).toInstant().atOffset(ZoneOffset.UTC)));
                }
                return links;
            }
        }
    }

    /** The household's latest order not yet delivered. */
    public Optional<UUID> openOrder(Connection c, UUID household) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT order_id FROM order_household WHERE household_id = ? "
                + "AND delivered_at IS NULL ORDER BY placed_at DESC NULLS LAST LIMIT 1")) {
            s.setObject(1, household);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    /** The household's open ticket in the category that has no link of this kind yet. */
    public Optional<UUID> openTicketWithout(Connection c, UUID household, String category, String kind) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT t.id FROM ticket t WHERE t.household_id = ? AND t.category = ? "
                + "AND t.status IN ('open', 'waiting') AND NOT EXISTS (SELECT 1 FROM ticket_link l WHERE l.ticket_id = t.id "
                + "AND l.kind = ?)")) {
            s.setObject(1, household);
            s.setString(2, category);
            s.setString(3, kind);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }
}
