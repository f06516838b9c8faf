package org.lifeline.hotline.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.lifeline.platform.idempotency.JdbcIdempotency;

/**
 * Wires the platform's {@code Idempotency-Key} ({@link JdbcIdempotency}) to the hotline's database and settings,
 * and purges expired keys. Nothing of the mechanism is here: it is the platform's one.
 */
@ApplicationScoped
public class IdempotencyConfig {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper mapper;

    @Inject
    HotlineConfig config;

    @Produces
    @Singleton
    JdbcIdempotency idempotency() {
        return new JdbcIdempotency(dataSource, mapper, config.idempotency().ttl(), config.idempotency().staleAfter());
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeExpired() {
        idempotency().purgeExpired();
    }
}
