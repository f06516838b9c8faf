package org.lifeline.platform.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.ws.rs.core.Response;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * {@code Idempotency-Key} for services on JDBC (ARCHITECTURE.md rule 6, after the IETF httpapi
 * idempotency-key draft); the same rules as {@link ReactiveIdempotency} ({@link IdempotencyRules}). Keys are scoped to the
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
 * <p>The rules and SQL are {@link IdempotencyRules}'s; the table is the platform's ({@code db/platform}).
 */
public final class JdbcIdempotency {

    public static final String HEADER = IdempotencyRules.HEADER;
    public static final String REPLAYED = IdempotencyRules.REPLAYED;

    /** The write, in the transaction the key's response is recorded in; the connection is not to be committed. */
    @FunctionalInterface
    public interface Work {
        Response apply(Connection connection) throws SQLException;
    }

    /** A retry arrived while the first request with the key is still running: 409, retry after a moment. */
    public static final class InProgress extends IdempotencyRules.InProgress {
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
        IdempotencyRules.requireValid(key);
        if (owner == null || owner.isBlank()) {
            throw new IllegalStateException("an Idempotency-Key needs an authenticated caller");
        }
        String hash = IdempotencyRules.hash(mapper, operation, request);
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
                IdempotencyRules.CLAIM)) {
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
                IdempotencyRules.FIND)) {
            s.setString(1, owner);
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new InProgress(); // released by a failed first attempt meanwhile: retry
                }
                IdempotencyRules.Stored stored = new IdempotencyRules.Stored(rs.getString(1), rs.getString(2),
                        (Integer) rs.getObject(3), rs.getString(4), rs.getString(5));
                if (!stored.hash().equals(hash) || !"processing".equals(stored.state())) {
                    return IdempotencyRules.answer(stored, hash);
                }
                throw new InProgress();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void record(Connection c, String owner, String key, Response response) throws SQLException {
        IdempotencyRules.Recorded r = IdempotencyRules.recorded(mapper, response);
        try (PreparedStatement s = c.prepareStatement(IdempotencyRules.RECORD)) {
            s.setInt(1, r.status());
            s.setString(2, r.location());
            s.setString(3, r.body());
            s.setString(4, owner);
            s.setString(5, key);
            s.executeUpdate();
        }
    }

    private void release(String owner, String key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                IdempotencyRules.RELEASE)) {
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
                PreparedStatement s = c.prepareStatement(IdempotencyRules.PURGE)) {
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
