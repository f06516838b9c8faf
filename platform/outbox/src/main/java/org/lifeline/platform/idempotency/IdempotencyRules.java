package org.lifeline.platform.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.problem.ProblemType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The rules of {@code Idempotency-Key} (ARCHITECTURE.md rule 6, after the IETF httpapi idempotency-key draft),
 * written once for both implementations, {@link JdbcIdempotency} (JDBC) and {@link ReactiveIdempotency}
 * (Hibernate Reactive): which keys are valid, the request hash, the key's states and their SQL (table
 * {@code idempotency_key} of the {@code db/platform} Flyway location), what a second request with a key gets.
 * Keys are scoped to the caller (the token subject) and kept for a TTL:
 * <ul>
 *   <li>the same key and the same request replays the first response, with {@code Idempotent-Replayed: true};</li>
 *   <li>the same key with another request is 422;</li>
 *   <li>a retry while the first is still running is 409 ({@link InProgress});</li>
 *   <li>a first attempt that failed leaves no trace, so its retry runs again; a key left "processing" by a
 *       crashed instance is taken over after {@code staleAfter}.</li>
 * </ul>
 * The response is recorded in the same transaction as the write it describes: both are committed or neither.
 */
public final class IdempotencyRules {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";

    /** Inserts the key as "processing", or takes over an expired or stale one: 1 row if claimed. Parameters:
     * caller, key, request hash, TTL seconds, stale-after seconds. */
    public static final String CLAIM = "INSERT INTO idempotency_key (caller, idem_key, request_hash, state, expires_at) "
            + "VALUES (?, ?, ?, 'processing', now() + make_interval(secs => ?)) "
            + "ON CONFLICT (caller, idem_key) DO UPDATE SET request_hash = EXCLUDED.request_hash, "
            + "state = 'processing', response_status = NULL, response_location = NULL, "
            + "response_body = NULL, created_at = now(), expires_at = EXCLUDED.expires_at "
            + "WHERE idempotency_key.expires_at < now() OR (idempotency_key.state = 'processing' "
            + "AND idempotency_key.created_at < now() - make_interval(secs => ?))";

    /** The stored request: hash, state, response status, location, body. Parameters: caller, key. */
    public static final String FIND = "SELECT request_hash, state, response_status, response_location, response_body "
            + "FROM idempotency_key WHERE caller = ? AND idem_key = ?";

    /** Parameters: status, location, body, caller, key. */
    public static final String RECORD = "UPDATE idempotency_key SET state = 'done', response_status = ?, "
            + "response_location = ?, response_body = ? WHERE caller = ? AND idem_key = ?";

    /** Forgets a failed first attempt. Parameters: caller, key. */
    public static final String RELEASE = "DELETE FROM idempotency_key WHERE caller = ? AND idem_key = ? AND state = 'processing'";

    public static final String PURGE = "DELETE FROM idempotency_key WHERE expires_at < now()";

    /** A retry arrived while the first request with the key is still running: 409, retry after a moment. */
    public static class InProgress extends ProblemException {
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

    /** What is kept of the first request with a key. */
    public record Stored(String hash, String state, Integer status, String location, String body) {
    }

    /** The response to record: status, Location, body as JSON. */
    public record Recorded(int status, String location, String body) {
    }

    private IdempotencyRules() {
    }

    /** A key is 1 to 255 visible ASCII characters (400 otherwise). */
    public static void requireValid(String key) {
        if (key.isBlank() || key.length() > 255 || !key.chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7e)) {
            throw ProblemException.invalidField(HEADER, Message.of("must be 1 to 255 visible ASCII characters",
                    "必须是1到255个可见ASCII字符"));
        }
    }

    /** SHA-256 of the operation (the endpoint) and the request as JSON: one key on two endpoints is two requests. */
    public static String hash(ObjectMapper mapper, String operation, Object request) {
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

    /**
     * What a request whose key someone else holds gets: the first response again, or 422 (another request),
     * or 409 (still running, or released by a failed first attempt meanwhile: {@code stored} null).
     */
    public static Response answer(Stored stored, String hash) {
        if (stored == null) {
            throw new InProgress();
        }
        if (!stored.hash().equals(hash)) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, Message.of(
                    "This Idempotency-Key was already used for a different request; use a new key.",
                    "该幂等键已用于另一个请求，请使用新的键。"),
                    List.of(new ProblemException.FieldErrorMessage(HEADER,
                            Message.of("was used for another request", "已用于另一个请求"))));
        }
        if ("processing".equals(stored.state())) {
            throw new InProgress();
        }
        Response.ResponseBuilder replay = Response.status(stored.status()).header(REPLAYED, "true");
        if (stored.location() != null) {
            replay.header(HttpHeaders.LOCATION, stored.location());
        }
        if (stored.body() != null) {
            replay.entity(stored.body()).type(MediaType.APPLICATION_JSON_TYPE);
        }
        return replay.build();
    }

    /** What is recorded of a first response. */
    public static Recorded recorded(ObjectMapper mapper, Response response) {
        String body;
        try {
            body = response.getEntity() == null ? null : mapper.writeValueAsString(response.getEntity());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Object location = response.getHeaders().getFirst(HttpHeaders.LOCATION);
        return new Recorded(response.getStatus(), location == null ? null : location.toString(), body);
    }

    static double seconds(Duration d) {
        return d.toSeconds();
    }
}
