package org.lifeline.platform.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} for writes that run on Hibernate Reactive: the rules of {@link IdempotencyRules}, the
 * same as {@link JdbcIdempotency}, over the service's reactive session ({@link Store}, which a service implements
 * in its repository package with its session). The response is recorded in the write's own transaction.
 */
public final class ReactiveIdempotency {

    /**
     * The service's reactive session. SQL comes from {@link IdempotencyRules} with JDBC-style {@code ?} parameters
     * in order.
     */
    public interface Store {

        /** Runs a statement in a transaction: the current one if {@code work} of {@link #transaction} runs, else its own. */
        Uni<Integer> execute(String sql, Object... parameters);

        /** The rows of a query, each as its columns. */
        Uni<List<Object[]>> query(String sql, Object... parameters);

        /** Runs the work in one transaction (joining the current one if there is one). */
        <T> Uni<T> transaction(Supplier<Uni<T>> work);
    }

    private final Store store;
    private final ObjectMapper mapper;
    private final Duration ttl;
    private final Duration staleAfter;

    public ReactiveIdempotency(Store store, ObjectMapper mapper, Duration ttl, Duration staleAfter) {
        this.store = store;
        this.mapper = mapper;
        this.ttl = ttl;
        this.staleAfter = staleAfter;
    }

    /**
     * Runs {@code action} once per (owner, key) and records its response in the action's transaction; replays it
     * to retries. Without a key, just runs the action.
     *
     * @param owner the caller the key is scoped to (token subject)
     * @param operation names the endpoint, so one key on two endpoints is two different requests
     * @param request what identifies the request's content (body and path parameters), hashed
     */
    public Uni<Response> once(String owner, String key, String operation, Object request, Supplier<Uni<Response>> action) {
        if (key == null) {
            return action.get();
        }
        IdempotencyRules.requireValid(key);
        if (owner == null || owner.isBlank()) {
            throw new IllegalStateException("an Idempotency-Key needs an authenticated caller");
        }
        String hash = IdempotencyRules.hash(mapper, operation, request);
        return store.transaction(() -> store.execute(IdempotencyRules.CLAIM, owner, key, hash,
                        IdempotencyRules.seconds(ttl), IdempotencyRules.seconds(staleAfter)))
                .flatMap(claimed -> {
                    if (claimed != 1) {
                        return existing(owner, key, hash);
                    }
                    return store.transaction(() -> action.get().call(response -> record(owner, key, response)))
                            .onFailure().call(e -> store.transaction(() -> store.execute(IdempotencyRules.RELEASE, owner, key))
                                    .onFailure().recoverWithItem(0));
                });
    }

    private Uni<Response> existing(String owner, String key, String hash) {
        return store.query(IdempotencyRules.FIND, owner, key).map(rows -> IdempotencyRules.answer(rows.isEmpty() ? null
                : new IdempotencyRules.Stored((String) rows.get(0)[0], (String) rows.get(0)[1],
                        rows.get(0)[2] == null ? null : ((Number) rows.get(0)[2]).intValue(), (String) rows.get(0)[3],
                        (String) rows.get(0)[4]), hash));
    }

    private Uni<Integer> record(String owner, String key, Response response) {
        IdempotencyRules.Recorded r = IdempotencyRules.recorded(mapper, response);
        return store.execute(IdempotencyRules.RECORD, r.status(), r.location(), r.body(), owner, key);
    }

    /** Deletes expired keys; call it from a scheduled method of the service. */
    public Uni<Integer> purgeExpired() {
        return store.transaction(() -> store.execute(IdempotencyRules.PURGE));
    }
}
