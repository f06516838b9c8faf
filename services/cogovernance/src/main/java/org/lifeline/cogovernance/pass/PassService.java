package org.lifeline.cogovernance.pass;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.cogovernance.places.Places;
import org.lifeline.cogovernance.pass.PassApi.IssueRequest;
import org.lifeline.cogovernance.pass.PassApi.Pass;
import org.lifeline.cogovernance.pass.PassApi.Revocations;
import org.lifeline.cogovernance.pass.PassApi.Revoked;
import org.lifeline.cogovernance.pass.PassApi.Verification;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Caller;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Essential-worker passes: issued by staff over areas inside their own and a time window, signed (Ed25519 JWS),
 * revocable. The token is returned when issued; the service keeps what is needed to list and revoke.
 */
@ApplicationScoped
public class PassService {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PassKeys keys;

    @Inject
    Places places;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "cogovernance.pass.issuer")
    String issuer;

    @ConfigProperty(name = "cogovernance.pass.max-validity")
    Duration maxValidity;

    public Pass issue(Caller caller, IssueRequest request) {
        List<String> codes = request.areaCodes().stream().distinct().toList();
        List<String> paths = places.requireWithin(caller, "areaCodes", codes);
        Instant from = request.validFrom().toInstant();
        Instant until = request.validUntil().toInstant();
        if (!until.isAfter(from)) {
            throw ProblemException.invalidField("validUntil", Message.of("Must be after validFrom.", "必须晚于 validFrom。"));
        }
        if (!until.isAfter(Instant.now())) {
            throw ProblemException.invalidField("validUntil", Message.of("Must be in the future.", "必须是将来的时间。"));
        }
        if (Duration.between(from, until).compareTo(maxValidity) > 0) {
            throw ProblemException.invalidField("validUntil", Message.of("A pass is valid for at most " + maxValidity.toDays()
                    + " days.", "通行证有效期最长 " + maxValidity.toDays() + " 天。"));
        }
        UUID id = UUID.randomUUID();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "EdDSA");
        header.put("typ", "lifeline-pass+jwt");
        header.put("kid", keys.keyId());
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("jti", id.toString());
        claims.put("sub", request.holderRef() == null ? id.toString() : request.holderRef());
        claims.put("name", request.holderName());
        claims.put("kind", request.holderKind());
        claims.put("areas", codes);
        claims.put("paths", paths);
        claims.put("iat", Instant.now().getEpochSecond());
        claims.put("nbf", from.getEpochSecond());
        claims.put("exp", until.getEpochSecond());
        String token = keys.sign(b64(header) + "." + b64(claims));
        OffsetDateTime issuedAt;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO pass (id, holder_name, "
                + "holder_kind, holder_ref, area_codes, area_paths, valid_from, valid_until, key_id, issued_by) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING issued_at")) {
            s.setObject(1, id);
            s.setString(2, request.holderName());
            s.setString(3, request.holderKind());
            s.setString(4, request.holderRef());
            s.setArray(5, c.createArrayOf("text", codes.toArray()));
            s.setArray(6, c.createArrayOf("text", paths.toArray()));
            s.setObject(7, OffsetDateTime.ofInstant(Instant.ofEpochSecond(from.getEpochSecond()), ZoneOffset.UTC));
            s.setObject(8, OffsetDateTime.ofInstant(Instant.ofEpochSecond(until.getEpochSecond()), ZoneOffset.UTC));
            s.setString(9, keys.keyId());
            s.setString(10, caller.username());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                issuedAt = rs.getObject(1, OffsetDateTime.class);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Pass(id, request.holderName(), request.holderKind(), request.holderRef(), codes,
                OffsetDateTime.ofInstant(Instant.ofEpochSecond(from.getEpochSecond()), ZoneOffset.UTC),
                OffsetDateTime.ofInstant(Instant.ofEpochSecond(until.getEpochSecond()), ZoneOffset.UTC), keys.keyId(),
                caller.username(), issuedAt, null, null, token);
    }

    /** Revokes a pass visible to the caller (all its areas inside theirs); revoking twice keeps the first. */
    public Pass revoke(Caller caller, UUID id, String reason) {
        Pass pass = get(caller, id);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("UPDATE pass SET revoked_at = now(), "
                + "revoked_by = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL")) {
            s.setString(1, caller.username());
            s.setString(2, reason);
            s.setObject(3, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return get(caller, pass.id());
    }

    public Pass get(Caller caller, UUID id) {
        List<String> mine = places.paths(caller);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SELECT + " WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    List<String> paths = Arrays.asList((String[]) rs.getArray("area_paths").getArray());
                    if (paths.stream().allMatch(p -> AreaPaths.within(mine, p))) {
                        return pass(rs);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        throw ProblemException.notFound("Pass", id);
    }

    /** Passes with an area inside the caller's areas, newest first. */
    public PageView<Pass> list(Caller caller, int page, int size) {
        List<String> mine = places.paths(caller);
        String where = " WHERE EXISTS (SELECT 1 FROM unnest(area_paths) p WHERE " + AreaPaths.sqlWithin("p", mine) + ")";
        List<Pass> items = new ArrayList<>();
        long total;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(SELECT + where + " ORDER BY issued_at DESC, id LIMIT ? OFFSET ?")) {
                s.setInt(1, size);
                s.setLong(2, (long) page * size);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        items.add(pass(rs));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pass" + where); ResultSet rs = s.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return PageView.of(items, page, size, total);
    }

    /** Revoked passes that have not expired yet (expired ones are refused anyway). Public. */
    public Revocations revocations() {
        List<Revoked> revoked = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT id, revoked_at, valid_until "
                + "FROM pass WHERE revoked_at IS NOT NULL AND valid_until > now() ORDER BY revoked_at, id");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                revoked.add(new Revoked(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class),
                        rs.getObject(3, OffsetDateTime.class)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        // the version depends on the entries only: a phone's If-None-Match stays valid until one is added or expires
        StringBuilder entries = new StringBuilder();
        OffsetDateTime changedAt = null;
        for (Revoked r : revoked) {
            entries.append(r.passId()).append('|').append(r.revokedAt().toInstant()).append('|')
                    .append(r.validUntil().toInstant()).append('\n');
            changedAt = changedAt == null || r.revokedAt().isAfter(changedAt) ? r.revokedAt() : changedAt;
        }
        return new Revocations(PassKeys.digest(entries.toString()), changedAt, revoked);
    }

    /** Verifies as a guard's phone does: with the published keys and revocation list only. */
    public Verification verify(String token, String checkpointCode) {
        String checkpointPath = places.path(checkpointCode).orElse(null);
        PassVerifier verifier;
        try {
            verifier = PassVerifier.of(mapper.writeValueAsString(keys.jwks()), mapper.writeValueAsString(revocations()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        PassVerifier.Result result = verifier.verify(token, checkpointCode, checkpointPath, Instant.now());
        PassVerifier.Claims claims = result.claims();
        return new Verification(result.verdict().name().toLowerCase().replace('_', '-'), result.valid(), result.reason(),
                result.reasonZh(), claims == null ? null : UUID.fromString(claims.passId()),
                claims == null ? null : claims.holderName(), claims == null ? null : claims.holderKind(),
                claims == null ? null : claims.areaCodes(),
                claims == null ? null : OffsetDateTime.ofInstant(claims.validUntil(), ZoneOffset.UTC));
    }

    private static final String SELECT = "SELECT id, holder_name, holder_kind, holder_ref, area_codes, area_paths, valid_from, "
            + "valid_until, key_id, issued_by, issued_at, revoked_at, revoke_reason FROM pass";

    private static Pass pass(ResultSet rs) throws SQLException {
        Array codes = rs.getArray("area_codes");
        return new Pass(rs.getObject("id", UUID.class), rs.getString("holder_name"), rs.getString("holder_kind"),
                rs.getString("holder_ref"), List.of((String[]) codes.getArray()), rs.getObject("valid_from", OffsetDateTime.class),
                rs.getObject("valid_until", OffsetDateTime.class), rs.getString("key_id"), rs.getString("issued_by"),
                rs.getObject("issued_at", OffsetDateTime.class), rs.getObject("revoked_at", OffsetDateTime.class),
                rs.getString("revoke_reason"), null);
    }

    private String b64(Object json) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mapper.writeValueAsString(json).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
