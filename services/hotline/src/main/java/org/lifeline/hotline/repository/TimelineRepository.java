package org.lifeline.hotline.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.hotline.api.HotlineApi.TimelineEntry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** {@code ticket_timeline}: every step of a ticket, in order. */
@ApplicationScoped
public class TimelineRepository {

    /** A step to add with {@link #addAll}. */
    public record NewRow(UUID ticket, String kind, String level, String actor, String note, Instant at) {
    }

    /** {@link #add} for many steps in one round trip (a batch). */
    public void addAll(Connection c, List<NewRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ticket_timeline (ticket_id, at, kind, level, actor, note) "
                + "VALUES (?, ?, ?, ?, ?, ?)")) {
            for (NewRow r : rows) {
                s.setObject(1, r.ticket());
                s.setTimestamp(2, TicketRepository.ts(r.at()));
                s.setString(3, r.kind());
                s.setString(4, r.level());
                s.setString(5, r.actor());
                s.setString(6, clip(r.note()));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static String clip(String note) {
        return note == null || note.length() <= 1000 ? note : note.substring(0, 1000);
    }

    public void add(Connection c, UUID ticket, String kind, String level, String actor, String note, Instant at)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ticket_timeline (ticket_id, at, kind, level, actor, note) "
                + "VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setObject(1, ticket);
            s.setTimestamp(2, TicketRepository.ts(at));
            s.setString(3, kind);
            s.setString(4, level);
            s.setString(5, actor);
            s.setString(6, clip(note));
            s.executeUpdate();
        }
    }

    public List<TimelineEntry> of(Connection c, UUID ticket) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT at, kind, level, actor, note FROM ticket_timeline "
                + "WHERE ticket_id = ? ORDER BY id")) {
            s.setObject(1, ticket);
            try (ResultSet rs = s.executeQuery()) {
                List<TimelineEntry> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new TimelineEntry(TicketRepository.instant(rs, 1).atOffset(ZoneOffset.UTC), rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getString(5)));
                }
                return out;
            }
        }
    }
}
