package org.lifeline.cogovernance.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.cogovernance.api.PassApi.Pass;
import org.lifeline.cogovernance.api.PassApi.Revoked;
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

/** Issued passes ({@code pass}), without their tokens, and their revocations. */
@ApplicationScoped
public class PassRepository {

    /** A pass with the paths it was signed with (for the caller's scope). */
    public record Stored(Pass pass, List<String> areaPaths) {
    }

    private static final String SELECT = "SELECT id, holder_name, holder_kind, holder_ref, area_codes, area_paths, valid_from, "
            + "valid_until, key_id, issued_by, issued_at, revoked_at, revoke_reason FROM pass";

    /** Stores an issued pass; returns when it was issued. */
    public OffsetDateTime insert(Connection c, UUID id, String holderName, String holderKind, String holderRef, List<String> codes,
            List<String> paths, OffsetDateTime validFrom, OffsetDateTime validUntil, String keyId, String issuedBy) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO pass (id, holder_name, holder_kind, holder_ref, area_codes, "
                + "area_paths, valid_from, valid_until, key_id, issued_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING issued_at")) {
            s.setObject(1, id);
            s.setString(2, holderName);
            s.setString(3, holderKind);
            s.setString(4, holderRef);
            s.setArray(5, c.createArrayOf("text", codes.toArray()));
            s.setArray(6, c.createArrayOf("text", paths.toArray()));
            s.setObject(7, validFrom);
            s.setObject(8, validUntil);
            s.setString(9, keyId);
            s.setString(10, issuedBy);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getObject(1, OffsetDateTime.class);
            }
        }
    }

    /** Revokes a pass not revoked yet (revoking twice keeps the first). */
    public void revoke(Connection c, UUID id, String by, String reason) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE pass SET revoked_at = now(), revoked_by = ?, revoke_reason = ? "
                + "WHERE id = ? AND revoked_at IS NULL")) {
            s.setString(1, by);
            s.setString(2, reason);
            s.setObject(3, id);
            s.executeUpdate();
        }
    }

    public Optional<Stored> byId(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(pass(rs), List.of((String[]) rs.getArray("area_paths").getArray())))
                        : Optional.empty();
            }
        }
    }

    /** A page of passes with an area inside the paths, newest first. */
    public List<Pass> list(Connection c, List<String> paths, int page, int size) throws SQLException {
        List<Pass> items = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(SELECT + where(paths) + " ORDER BY issued_at DESC, id LIMIT ? OFFSET ?")) {
            s.setInt(1, size);
            s.setLong(2, (long) page * size);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    items.add(pass(rs));
                }
            }
        }
        return items;
    }

    public long count(Connection c, List<String> paths) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pass" + where(paths)); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Passes revoked and still valid after {@code now}, oldest revocation first. */
    public List<Revoked> revokedValidAfter(Connection c, OffsetDateTime now) throws SQLException {
        List<Revoked> revoked = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, revoked_at, valid_until FROM pass WHERE revoked_at IS NOT NULL "
                + "AND valid_until > ? ORDER BY revoked_at, id")) {
            s.setObject(1, now);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    revoked.add(new Revoked(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class),
                            rs.getObject(3, OffsetDateTime.class)));
                }
            }
        }
        return revoked;
    }

    private static String where(List<String> paths) {
        return " WHERE EXISTS (SELECT 1 FROM unnest(area_paths) p WHERE " + AreaPaths.sqlWithin("p", paths) + ")";
    }

    private static Pass pass(ResultSet rs) throws SQLException {
        return new Pass(rs.getObject("id", UUID.class), rs.getString("holder_name"), rs.getString("holder_kind"),
                rs.getString("holder_ref"), List.of((String[]) rs.getArray("area_codes").getArray()),
                rs.getObject("valid_from", OffsetDateTime.class), rs.getObject("valid_until", OffsetDateTime.class),
                rs.getString("key_id"), rs.getString("issued_by"), rs.getObject("issued_at", OffsetDateTime.class),
                rs.getObject("revoked_at", OffsetDateTime.class), rs.getString("revoke_reason"), null);
    }
}
