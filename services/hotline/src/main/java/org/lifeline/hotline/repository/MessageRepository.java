package org.lifeline.hotline.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.hotline.api.HotlineApi.UnmatchedMessage;
import org.lifeline.platform.privacy.Masking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** {@code inbound_message}: webhook messages, one row per messageId. */
@ApplicationScoped
public class MessageRepository {

    /** Keeps the message (unmatched until matched); false when its id was seen before. */
    public boolean keep(Connection c, String messageId, String channel, String from, String text, String category,
            Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO inbound_message (message_id, channel, from_phone, text, "
                + "category, received_at, status, reason) VALUES (?, ?, ?, ?, ?, ?, 'unmatched', 'not looked up yet') "
                + "ON CONFLICT (message_id) DO NOTHING")) {
            s.setString(1, messageId);
            s.setString(2, channel);
            s.setString(3, from);
            s.setString(4, text);
            s.setString(5, category);
            s.setTimestamp(6, TicketRepository.ts(at));
            return s.executeUpdate() == 1;
        }
    }

    public void matched(Connection c, String messageId, UUID ticket) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE inbound_message SET status = 'matched', reason = NULL, ticket_id = ? "
                + "WHERE message_id = ?")) {
            s.setObject(1, ticket);
            s.setString(2, messageId);
            s.executeUpdate();
        }
    }

    public void unmatched(Connection c, String messageId, String reason) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE inbound_message SET reason = ? WHERE message_id = ?")) {
            s.setString(1, reason.length() > 200 ? reason.substring(0, 200) : reason);
            s.setString(2, messageId);
            s.executeUpdate();
        }
    }

    /** An unmatched message as an operator assigns it to a household. */
    public record Unmatched(String messageId, String channel, String from, String text, String category) {
    }

    /** The message locked, if it is still unmatched. */
    public java.util.Optional<Unmatched> lockUnmatched(Connection c, String messageId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT message_id, channel, from_phone, text, category FROM inbound_message "
                + "WHERE message_id = ? AND status = 'unmatched' FOR UPDATE")) {
            s.setString(1, messageId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? java.util.Optional.of(new Unmatched(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5))) : java.util.Optional.empty();
            }
        }
    }

    /** An operator put the message on a household's ticket. */
    public void assigned(Connection c, String messageId, UUID ticket, String by) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE inbound_message SET status = 'assigned', reason = ?, ticket_id = ? "
                + "WHERE message_id = ?")) {
            s.setString(1, "assigned by " + (by.length() > 180 ? by.substring(0, 180) : by));
            s.setObject(2, ticket);
            s.setString(3, messageId);
            s.executeUpdate();
        }
    }

    /** The status and ticket of a message seen before. */
    public String[] status(Connection c, String messageId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT status, ticket_id FROM inbound_message WHERE message_id = ?")) {
            s.setString(1, messageId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new String[] { rs.getString(1), rs.getString(2) } : null;
            }
        }
    }

    /** Unmatched messages, oldest first, the sender's number masked. */
    public List<UnmatchedMessage> unmatched(Connection c, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT message_id, channel, from_phone, received_at, reason "
                + "FROM inbound_message WHERE status = 'unmatched' ORDER BY received_at, message_id LIMIT ?")) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                List<UnmatchedMessage> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new UnmatchedMessage(rs.getString(1), rs.getString(2), Masking.phone(rs.getString(3)),
                            TicketRepository.instant(rs, 4).atOffset(ZoneOffset.UTC), rs.getString(5)));
                }
                return out;
            }
        }
    }
}
