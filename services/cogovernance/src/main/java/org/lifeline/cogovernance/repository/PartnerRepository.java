package org.lifeline.cogovernance.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.cogovernance.api.PartnerApi.Partner;
import org.lifeline.platform.security.AreaPaths;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Partner enterprises ({@code partner}). */
@ApplicationScoped
public class PartnerRepository {

    /** A partner with the paths of the areas it serves (for the caller's scope). */
    public record Stored(Partner partner, List<String> areaPaths) {
    }

    private static final String SELECT = "SELECT id, name, kind, contact_name, contact_phone, area_codes, area_paths, status, client_id, "
            + "applied_by, applied_at, decided_by, decided_at, note FROM partner";

    public void apply(Connection c, UUID id, String name, String kind, String contactName, String contactPhone, List<String> codes,
            List<String> paths, String appliedBy) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO partner (id, name, kind, contact_name, contact_phone, area_codes, "
                + "area_paths, status, applied_by) VALUES (?, ?, ?, ?, ?, ?, ?, 'applied', ?)")) {
            s.setObject(1, id);
            s.setString(2, name);
            s.setString(3, kind);
            s.setString(4, contactName);
            s.setString(5, contactPhone);
            s.setArray(6, c.createArrayOf("text", codes.toArray()));
            s.setArray(7, c.createArrayOf("text", paths.toArray()));
            s.setString(8, appliedBy);
            s.executeUpdate();
        }
    }

    /** A demo partner, approved, unless its row exists; returns whether it was inserted. */
    public boolean insertDemo(Connection c, UUID id, String name, String kind, String areaCode, String areaPath, String clientId)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO partner (id, name, kind, contact_name, contact_phone, "
                + "area_codes, area_paths, status, client_id, applied_by, decided_by, decided_at, note) "
                + "VALUES (?, ?, ?, '演示联系人', '13800000000', ?, ?, 'approved', ?, 'demo', 'demo', now(), 'demo data') "
                + "ON CONFLICT DO NOTHING")) {
            s.setObject(1, id);
            s.setString(2, name);
            s.setString(3, kind);
            s.setArray(4, c.createArrayOf("text", new String[] { areaCode }));
            s.setArray(5, c.createArrayOf("text", new String[] { areaPath }));
            s.setString(6, clientId);
            return s.executeUpdate() == 1;
        }
    }

    /** The partner's status, its row locked until the transaction ends. */
    public String lockStatus(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT status FROM partner WHERE id = ? FOR UPDATE")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    public void decide(Connection c, UUID id, String decision, String clientId, String by, String note) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE partner SET status = ?, client_id = ?, decided_by = ?, decided_at = now(), "
                + "note = ? WHERE id = ?")) {
            s.setString(1, decision);
            s.setString(2, clientId);
            s.setString(3, by);
            s.setString(4, note);
            s.setObject(5, id);
            s.executeUpdate();
        }
    }

    /** Moves the partner from one status to another; returns false when it was not in {@code from} any more. */
    public boolean move(Connection c, UUID id, String from, String to, String reason, String by) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE partner SET status = ?, note = ?, decided_by = ?, decided_at = now() "
                + "WHERE id = ? AND status = ?")) {
            s.setString(1, to);
            s.setString(2, reason);
            s.setString(3, by);
            s.setObject(4, id);
            s.setString(5, from);
            return s.executeUpdate() == 1;
        }
    }

    public Optional<Stored> byId(Connection c, UUID id) throws SQLException {
        return one(c, SELECT + " WHERE id = ?", id);
    }

    public Optional<Stored> byClientId(Connection c, String clientId) throws SQLException {
        return one(c, SELECT + " WHERE client_id = ?", clientId);
    }

    /** A page of partners serving an area inside the paths, newest application first. */
    public List<Partner> list(Connection c, List<String> paths, String status, int page, int size) throws SQLException {
        List<Partner> items = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(SELECT + where(paths, status) + " ORDER BY applied_at DESC, id LIMIT ? OFFSET ?")) {
            int i = 1;
            if (!"all".equals(status)) {
                s.setString(i++, status);
            }
            s.setInt(i++, size);
            s.setLong(i, (long) page * size);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    items.add(partner(rs));
                }
            }
        }
        return items;
    }

    public long count(Connection c, List<String> paths, String status) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM partner" + where(paths, status))) {
            if (!"all".equals(status)) {
                s.setString(1, status);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String where(List<String> paths, String status) {
        return " WHERE EXISTS (SELECT 1 FROM unnest(area_paths) p WHERE " + AreaPaths.sqlWithin("p", paths) + ")"
                + ("all".equals(status) ? "" : " AND status = ?");
    }

    private static Optional<Stored> one(Connection c, String sql, Object key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(partner(rs), List.of((String[]) rs.getArray("area_paths").getArray())))
                        : Optional.empty();
            }
        }
    }

    private static Partner partner(ResultSet rs) throws SQLException {
        return new Partner(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("kind"), rs.getString("contact_name"),
                rs.getString("contact_phone"), List.of((String[]) rs.getArray("area_codes").getArray()), rs.getString("status"),
                rs.getString("client_id"), rs.getString("applied_by"), rs.getObject("applied_at", OffsetDateTime.class),
                rs.getString("decided_by"), rs.getObject("decided_at", OffsetDateTime.class), rs.getString("note"));
    }
}
