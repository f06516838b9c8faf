package org.lifeline.residents.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.residents.api.ExportAuditEntry;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Caller;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SQL of register exports (导出) over JDBC: the persons of a place subtree streamed by address, the count, and
 * the audit rows ({@code export_audit}, and {@code personal_data_access} per person of an unmasked export).
 */
@ApplicationScoped
public class RegisterExportRepository {

    private static final String FROM = " FROM household h JOIN person p ON p.household_id = h.id AND p.verified "
            + "WHERE h.place_path LIKE ? AND (CAST(? AS varchar) IS NULL OR EXISTS (SELECT 1 FROM person_flag f "
            + "WHERE f.person_id = p.id AND f.flag = ?))";

    /** One exported person, in the register layout's columns (flags joined by ';', codes as stored). */
    public record Row(String community, String compound, String building, String unit, String room, String name,
            String idNumber, String phone, String relation, String flags, String status) {
    }

    /** Receives the rows one by one. */
    public interface RowSink {
        void accept(Row row) throws java.io.IOException;
    }

    public Optional<String> placePath(Connection c, String placeCode) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT path FROM place WHERE code = ?")) {
            s.setString(1, placeCode);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public long count(Connection c, String path, String flag) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*)" + FROM)) {
            where(s, 1, path, flag);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The export's audit row; with {@code reveal}, a personal-data access row per exported person too. */
    public void audit(Connection c, Caller caller, String placeCode, String path, String flag, String format,
            Set<String> reveal, String purpose, long rows, String requestId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO export_audit (actor_subject, actor_username, "
                + "actor_roles, place_code, filter, format, revealed, purpose, rows_exported, request_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, caller.subject());
            s.setString(2, caller.username());
            s.setString(3, String.join(",", new TreeSet<>(caller.roles())));
            s.setString(4, placeCode);
            s.setString(5, flag == null ? null : "flag=" + flag);
            s.setString(6, format);
            s.setString(7, reveal.isEmpty() ? null : String.join(",", new TreeSet<>(reveal)));
            s.setString(8, purpose);
            s.setLong(9, rows);
            s.setString(10, requestId);
            s.executeUpdate();
        }
        if (!reveal.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO personal_data_access (actor_subject, "
                    + "actor_username, actor_roles, person_id, household_id, fields, purpose, request_id) "
                    + "SELECT ?, ?, ?, p.id, h.id, ?, ?, ?" + FROM)) {
                s.setString(1, caller.subject());
                s.setString(2, caller.username());
                s.setString(3, String.join(",", new TreeSet<>(caller.roles())));
                s.setString(4, String.join(",", new TreeSet<>(reveal)));
                s.setString(5, "export: " + purpose);
                s.setString(6, requestId);
                where(s, 7, path, flag);
                s.executeUpdate();
            }
        }
    }

    /** Streams the rows: by address, persons in the order they were registered (in the caller's transaction). */
    public void stream(Connection c, String path, String flag, RowSink sink) throws SQLException, java.io.IOException {
        try (PreparedStatement s = c.prepareStatement("SELECT cm.code, cp.name, b.name, u.name, h.room, p.name, "
                + "p.id_number, p.phone, p.relation, (SELECT string_agg(f.flag, ';' ORDER BY f.flag) "
                + "FROM person_flag f WHERE f.person_id = p.id), h.status "
                + FROM.replace(" FROM household h ", " FROM household h JOIN place u ON u.code = h.unit_code "
                + "LEFT JOIN place b ON b.code = u.parent_code LEFT JOIN place cp ON cp.code = b.parent_code "
                + "LEFT JOIN place cm ON cm.code = cp.parent_code ")
                + " ORDER BY h.place_path, h.room, p.created_at, p.id")) {
            s.setFetchSize(2000);
            where(s, 1, path, flag);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    sink.accept(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            rs.getString(10), rs.getString(11)));
                }
            }
        }
    }

    /** Exports of places inside the given path prefixes ({@code "/"}: all), newest first. */
    public List<ExportAuditEntry> audits(Connection c, List<String> areaPaths, int page, int size) throws SQLException {
        String within = AreaPaths.sqlWithin("pl.path", areaPaths);
        List<ExportAuditEntry> entries = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT a.id, a.exported_at, a.actor_subject, a.actor_username, a.actor_roles, a.place_code, a.filter, "
                        + "a.format, a.revealed, a.purpose, a.rows_exported, a.request_id FROM export_audit a "
                        + "JOIN place pl ON pl.code = a.place_code WHERE " + within
                        + " ORDER BY a.id DESC LIMIT ? OFFSET ?")) {
            s.setInt(1, size);
            s.setLong(2, (long) page * size);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    entries.add(new ExportAuditEntry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getString(8), rs.getString(9), rs.getString(10), rs.getLong(11), rs.getString(12)));
                }
            }
        }
        return entries;
    }

    private static void where(PreparedStatement s, int first, String path, String flag) throws SQLException {
        s.setString(first, path + "%");
        s.setString(first + 1, flag);
        s.setString(first + 2, flag);
    }
}
