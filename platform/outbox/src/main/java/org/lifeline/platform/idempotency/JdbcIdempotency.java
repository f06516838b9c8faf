package org.lifeline.platform.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.problem.ProblemType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code Idempotency-Key} for services on JDBC (ARCHITECTURE.md rule 6, after the IETF httpapi
 * idempotency-key draft); the same semantics as residents' reactive one. Keys are scoped to the
 * caller (the token subject) and kept for {@code ttl}:
 * <ul>
 *   <li>the same key and the same request replays the first response, with {@code Idempotent-Replayed: true};</li>
 *   <li>the same key with another request is 422;</li>
 *   <li>a retry while the first is still running is 409 with {@code Retry-After} ({@link InProgress});</li>
 *   <li>a first attempt that failed leaves no trace, so its retry runs again; a key left "processing" by a
 *       crashed instance is taken over after {@code staleAfter}.</li>
 * </ul>
 * The response is recorded in the same transaction as the write it describes: both are committed or neither.
 *
 * <p>The service's Flyway migrations create the table:
 * <pre>
 * CREATE TABLE idempotency_key (caller varchar(200) NOT NULL, idem_key varchar(255) NOT NULL,
 *     request_hash varchar(64) NOT NULL, state varchar(12) NOT NULL CHECK (state IN ('processing', 'done')),
 *     response_status integer, response_location text, response_body text,
 *     created_at timestamptz NOT NULL DEFAULT now(), expires_at timestamptz NOT NULL,
 *     PRIMARY KEY (caller, idem_key));
 * CREATE INDEX idempotency_key_expires ON idempotency_key (expires_at);
 * </pre>
 */
public final class JdbcIdempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";

    /** The write, in the transaction the key's response is recorded in; the connection is not to be committed. */
    @FunctionalInterface
    public interface Work {
        Response apply(Connection connection) throws SQLException;
    }

    /** A retry arrived while the first request with the key is still running: 409, retry after a moment. */
    public static final class InProgress extends ProblemException {
        public InProgress() {
            super(ProblemType.CONFLICT, Message.of(
                    "A request with this Idempotency-Key is still being processed; retry in a moment.",
                    "使用该幂等键的请求仍在处理中，请稍后重试。"));
        }

        /** Seconds for the {@code Retry-After} header. */
        public int retryAfterSeconds() {
            return 1;
        }
    }

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;
    private final Duration ttl;
    private final Duration staleAfter;

    public JdbcIdempotency(AgroalDataSource dataSource, ObjectMapper mapper, Duration ttl, Duration staleAfter) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.ttl = ttl;
        this.staleAfter = staleAfter;
    }

    /**
     * Runs {@code work} once per (owner, key) in a transaction and records its response there; replays it
     * to retries. Without a key, just runs it in a transaction.
     *
     * @param owner the caller the key is scoped to (token subject)
     * @param operation names the endpoint, so one key on two endpoints is two different requests
     * @param request what identifies the request's content (body and path parameters), hashed
     */
    public Response once(String owner, String key, String operation, Object request, Work work) {
        if (key == null) {
            return inTransaction(work, null, null);
        }
        if (key.isBlank() || key.length() > 255 || !key.chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7e)) {
            throw ProblemException.invalidField(HEADER, Message.of("must be 1 to 255 visible ASCII characters",
                    "必须是1到255个可见ASCII字符"));
        }
        if (owner == null || owner.isBlank()) {
            throw new IllegalStateException("an Idempotency-Key needs an authenticated caller");
        }
        String hash = hash(operation, request);
        if (!claim(owner, key, hash)) {
            return existing(owner, key, hash);
        }
        try {
            return inTransaction(work, owner, key);
        } catch (RuntimeException e) {
            release(owner, key);
            throw e;
        }
    }

    private Response inTransaction(Work work, String owner, String key) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Response response = work.apply(c);
                if (key != null) {
                    record(c, owner, key, response);
                }
                c.commit();
                return response;
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Inserts the key as "processing", or takes over an expired or stale one; false if someone holds it. */
    private boolean claim(String owner, String key, String hash) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO idempotency_key (caller, idem_key, request_hash, state, expires_at) "
                        + "VALUES (?, ?, ?, 'processing', now() + make_interval(secs => ?)) "
                        + "ON CONFLICT (caller, idem_key) DO UPDATE SET request_hash = EXCLUDED.request_hash, "
                        + "state = 'processing', response_status = NULL, response_location = NULL, "
                        + "response_body = NULL, created_at = now(), expires_at = EXCLUDED.expires_at "
                        + "WHERE idempotency_key.expires_at < now() OR (idempotency_key.state = 'processing' "
                        + "AND idempotency_key.created_at < now() - make_interval(secs => ?))")) {
            s.setString(1, owner);
            s.setString(2, key);
            s.setString(3, hash);
            s.setDouble(4, ttl.toSeconds());
            s.setDouble(5, staleAfter.toSeconds());
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Response existing(String owner, String key, String hash) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT request_hash, state, response_status, response_location, response_body "
                        + "FROM idempotency_key WHERE caller = ? AND idem_key = ?")) {
            s.setString(1, owner);
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new InProgress(); // released by a failed first attempt meanwhile: retry
                }
                if (!rs.getString(1).equals(hash)) {
                    throw new ProblemException(ProblemType.UNPROCESSABLE, Message.of(
                            "This Idempotency-Key was already used for a different request; use a new key.",
                            "该幂等键已用于另一个请求，请使用新的键。"),
                            List.of(new ProblemException.FieldErrorMessage(HEADER,
                                    Message.of("was used for another request", "已用于另一个请求"))));
                }
                if ("processing".equals(rs.getString(2))) {
                    throw new InProgress();
                }
                Response.ResponseBuilder replay = Response.status(rs.getInt(3)).header(REPLAYED, "true");
                if (rs.getString(4) != null) {
                    replay.header(HttpHeaders.LOCATION, rs.getString(4));
                }
                if (rs.getString(5) != null) {
                    replay.entity(rs.getString(5)).type(MediaType.APPLICATION_JSON_TYPE);
                }
                return replay.build();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void record(Connection c, String owner, String key, Response response) throws SQLException {
        String body;
        try {
            body = response.getEntity() == null ? null : mapper.writeValueAsString(response.getEntity());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Object location = response.getHeaders().getFirst(HttpHeaders.LOCATION);
        try (PreparedStatement s = c.prepareStatement("UPDATE idempotency_key SET state = 'done', response_status = ?, "
                + "response_location = ?, response_body = ? WHERE caller = ? AND idem_key = ?")) {
            s.setInt(1, response.getStatus());
            s.setString(2, location == null ? null : location.toString());
            s.setString(3, body);
            s.setString(4, owner);
            s.setString(5, key);
            s.executeUpdate();
        }
    }

    private void release(String owner, String key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "DELETE FROM idempotency_key WHERE caller = ? AND idem_key = ? AND state = 'processing'")) {
            s.setString(1, owner);
            s.setString(2, key);
            s.executeUpdate();
        } catch (SQLException e) {
            // the key then stays "processing" until staleAfter: retries get 409 until then
        }
    }

    /** Deletes expired keys; call it from a scheduled method of the service. @return how many */
    public int purgeExpired() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM idempotency_key WHERE expires_at < now()")) {
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String hash(String operation, Object request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(operation.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(mapper.writeValueAsBytes(request));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
