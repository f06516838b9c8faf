package org.lifeline.residents.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.platform.idempotency.IdempotencyRules;
import org.lifeline.platform.idempotency.ReactiveIdempotency;
import org.lifeline.platform.security.Caller;
import org.lifeline.residents.repository.IdempotencyStore;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} on writes a client may retry: the platform's one implementation
 * ({@link IdempotencyRules}, here {@link ReactiveIdempotency} on residents' reactive session). Keys are scoped to
 * the caller (token subject) and kept for {@code residents.idempotency.ttl} (24 h); a key left "processing" by a
 * crashed instance is taken over after {@code residents.idempotency.stale-after} (5 min). The response is
 * recorded in the same transaction as the write it describes.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = IdempotencyRules.HEADER;

    @Inject
    ObjectMapper mapper;

    @Inject
    IdempotencyStore store;

    @ConfigProperty(name = "residents.idempotency.ttl", defaultValue = "PT24H")
    Duration ttl;

    @ConfigProperty(name = "residents.idempotency.stale-after", defaultValue = "PT5M")
    Duration staleAfter;

    private ReactiveIdempotency keys;

    @PostConstruct
    void init() {
        keys = new ReactiveIdempotency(store, mapper, ttl, staleAfter);
    }

    public Uni<Response> once(Caller caller, String key, String operation, Object request, Supplier<Uni<Response>> action) {
        return keys.once(caller.subject(), key, operation, request, action);
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeExpired() {
        return keys.purgeExpired().replaceWithVoid();
    }
}
