package org.lifeline.supplies.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.platform.idempotency.JdbcIdempotency;

import java.time.Duration;

/** The platform's JDBC {@code Idempotency-Key} over supplies' database, and the purge of expired keys. */
@ApplicationScoped
public class IdempotencyConfig {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "supplies.idempotency.ttl", defaultValue = "PT24H")
    Duration ttl;

    @ConfigProperty(name = "supplies.idempotency.stale-after", defaultValue = "PT5M")
    Duration staleAfter;

    @Produces
    @Singleton
    JdbcIdempotency idempotency() {
        return new JdbcIdempotency(dataSource, mapper, ttl, staleAfter);
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeExpired() {
        idempotency().purgeExpired();
    }
}
