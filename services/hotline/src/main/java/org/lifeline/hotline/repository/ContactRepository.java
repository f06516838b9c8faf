package org.lifeline.hotline.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.hotline.api.HotlineApi.Contact;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** {@code ticket_contact}: the contacts of a ticket, moved between tickets by merges and splits. */
@ApplicationScoped
public class ContactRepository {

    /** A contact to add with {@link #addAll}. */
    public record NewRow(UUID ticket, String channel, Instant at, String text, String callerPhone, String recordedBy) {
    }

    /** {@link #add} for many contacts in one round trip (a batch), each on the ticket it opened. */
    public void addAll(Connection c, List<NewRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ticket_contact (ticket_id, opened_on, channel, at, text, "
                + "caller_phone, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (NewRow r : rows) {
                s.setObject(1, r.ticket());
                s.setObject(2, r.ticket());
                s.setString(3, r.channel());
                s.setTimestamp(4, TicketRepository.ts(r.at()));
                s.setString(5, r.text());
                s.setString(6, r.callerPhone());
                s.setString(7, r.recordedBy());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    public long add(Connection c, UUID ticket, String channel, Instant at, String text, String callerPhone, String recordedBy)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ticket_contact (ticket_id, opened_on, channel, at, text, "
                + "caller_phone, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            s.setObject(1, ticket);
            s.setObject(2, ticket);
            s.setString(3, channel);
            s.setTimestamp(4, TicketRepository.ts(at));
            s.setString(5, text);
            s.setString(6, callerPhone);
            s.setString(7, recordedBy);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The contacts of a ticket in order, with their text (the caller masks it). */
    public List<Contact> of(Connection c, UUID ticket) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, channel, at, text, caller_phone, recorded_by FROM ticket_contact "
                + "WHERE ticket_id = ? ORDER BY at, id")) {
            s.setObject(1, ticket);
            try (ResultSet rs = s.executeQuery()) {
                List<Contact> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Contact(rs.getLong(1), rs.getString(2), TicketRepository.instant(rs, 3).atOffset(ZoneOffset.UTC),
                            rs.getString(4), rs.getString(5), rs.getString(6), false));
                }
                return out;
            }
        }
    }

    /** The ids of a ticket's contacts. */
    public List<Long> ids(Connection c, UUID ticket) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM ticket_contact WHERE ticket_id = ? ORDER BY id")) {
            s.setObject(1, ticket);
            try (ResultSet rs = s.executeQuery()) {
                List<Long> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
                return out;
            }
        }
    }

    /** Moves these contacts of {@code from} to {@code to}; how many moved. */
    public int move(Connection c, List<Long> ids, UUID from, UUID to) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE ticket_contact SET ticket_id = ? WHERE ticket_id = ? AND id = ANY (?)")) {
            s.setObject(1, to);
            s.setObject(2, from);
            s.setArray(3, c.createArrayOf("bigint", ids.toArray()));
            return s.executeUpdate();
        }
    }
}
