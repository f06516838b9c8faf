package org.lifeline.residents.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.problem.ProblemType;
import org.lifeline.platform.security.Caller;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} on writes a client may retry (ARCHITECTURE.md rule 6, after the IETF
 * httpapi idempotency-key draft). Keys are scoped to the caller (token subject) and kept for
 * {@code residents.idempotency.ttl} (24 h):
 * <ul>
 *   <li>the same key and the same request replays the first response (with {@code Idempotent-Replayed: true});</li>
 *   <li>the same key with another request is 422;</li>
 *   <li>a retry while the first is still running is 409 with {@code Retry-After};</li>
 *   <li>a first attempt that failed leaves no trace, so its retry runs again; a key left "processing" by a
 *       crashed or killed instance is taken over after {@code residents.idempotency.stale-after} (5 min), so
 *       the client's retry with the same key can complete instead of getting 409 for the key's whole TTL.</li>
 * </ul>
 * The response is recorded in the same transaction as the write it describes: either both are
 * committed or neither.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "residents.idempotency.ttl", defaultValue = "PT24H")
    Duration ttl;

    @ConfigProperty(name = "residents.idempotency.stale-after", defaultValue = "PT5M")
    Duration staleAfter;

    private record Stored(String hash, String state, Integer status, String location, String body) {
    }

    public Uni<Response> once(Caller caller, String key, String operation, Object request, Supplier<Uni<Response>> action) {
        if (key == null) {
            return action.get();
        }
        if (key.isBlank() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ProblemException.invalidField(HEADER, Message.of("must be 1 to 255 visible ASCII characters",
                    "必须是1到255个可见ASCII字符"));
        }
        String hash = hash(operation, request);
        String owner = caller.subject();
        return claim(owner, key, hash).flatMap(claimed -> {
            if (!claimed) {
                return existing(owner, key, hash);
            }
            return Panache.withTransaction(() -> action.get().call(response -> record(owner, key, response)))
                    .onFailure().call(e -> release(owner, key));
        });
    }

    /** Inserts the key as "processing" (or takes over an expired or stale one); false if someone holds it. */
    private Uni<Boolean> claim(String owner, String key, String hash) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "INSERT INTO idempotency_key (caller, idem_key, request_hash, state, expires_at) "
                                + "VALUES (?1, ?2, ?3, 'processing', now() + make_interval(secs => ?4)) "
                                + "ON CONFLICT (caller, idem_key) DO UPDATE SET request_hash = EXCLUDED.request_hash, "
                                + "state = 'processing', response_status = NULL, response_location = NULL, "
                                + "response_body = NULL, created_at = now(), expires_at = EXCLUDED.expires_at "
                                + "WHERE idempotency_key.expires_at < now() OR (idempotency_key.state = 'processing' "
                                + "AND idempotency_key.created_at < now() - make_interval(secs => ?5))")
                .setParameter(1, owner).setParameter(2, key).setParameter(3, hash)
                .setParameter(4, (double) ttl.toSeconds()).setParameter(5, (double) staleAfter.toSeconds())
                .executeUpdate()))
                .map(rows -> rows == 1);
    }

    private Uni<Response> existing(String owner, String key, String hash) {
        return Panache.withSession(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "SELECT request_hash, state, response_status, response_location, response_body "
                                + "FROM idempotency_key WHERE caller = ?1 AND idem_key = ?2", Object[].class)
                .setParameter(1, owner).setParameter(2, key)
                .getResultList()))
                .map(rows -> {
                    if (rows.isEmpty()) {
                        // released by a failed first attempt between our two statements: ask for a retry
                        return inProgress();
                    }
                    Object[] row = rows.get(0);
                    Stored stored = new Stored((String) row[0], (String) row[1], (Integer) row[2], (String) row[3],
                            (String) row[4]);
                    if (!stored.hash().equals(hash)) {
                        throw new ProblemException(ProblemType.UNPROCESSABLE, Message.of(
                                "This Idempotency-Key was already used for a different request; use a new key.",
                                "该幂等键已用于另一个请求，请使用新的键。"),
                                List.of(new ProblemException.FieldErrorMessage(HEADER,
                                        Message.of("was used for another request", "已用于另一个请求"))));
                    }
                    if ("processing".equals(stored.state())) {
                        return inProgress();
                    }
                    Response.ResponseBuilder replay = Response.status(stored.status())
                            .header("Idempotent-Replayed", "true");
                    if (stored.location() != null) {
                        replay.header(HttpHeaders.LOCATION, stored.location());
                    }
                    if (stored.body() != null) {
                        replay.entity(stored.body()).type(MediaType.APPLICATION_JSON_TYPE);
                    }
                    return replay.build();
                });
    }

    private static Response inProgress() {
        throw new ProblemException(ProblemType.CONFLICT, Message.of(
                "A request with this Idempotency-Key is still being processed; retry in a moment.",
                "使用该幂等键的请求仍在处理中，请稍后重试。"));
    }

    /** Stores the response inside the write's transaction. */
    private Uni<Integer> record(String owner, String key, Response response) {
        String body;
        try {
            body = response.getEntity() == null ? null : mapper.writeValueAsString(response.getEntity());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        Object location = response.getHeaders().getFirst(HttpHeaders.LOCATION);
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "UPDATE idempotency_key SET state = 'done', response_status = ?3, response_location = ?4, "
                                + "response_body = ?5 WHERE caller = ?1 AND idem_key = ?2")
                .setParameter(1, owner).setParameter(2, key).setParameter(3, response.getStatus())
                .setParameter(4, location == null ? null : location.toString()).setParameter(5, body)
                .executeUpdate());
    }

    private Uni<Integer> release(String owner, String key) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "DELETE FROM idempotency_key WHERE caller = ?1 AND idem_key = ?2 AND state = 'processing'")
                .setParameter(1, owner).setParameter(2, key)
                .executeUpdate()));
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeExpired() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("DELETE FROM idempotency_key WHERE expires_at < now()").executeUpdate()))
                .replaceWithVoid();
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
