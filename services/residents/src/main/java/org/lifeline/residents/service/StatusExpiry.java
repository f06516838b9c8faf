package org.lifeline.residents.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Lifts control statuses whose end time has passed, by {@link ControlPolicy#liftExpired} (the household goes back
 * to {@code normal}, the history records it with source {@code expiry}, the change is published like any other),
 * every {@code residents.status.lift-every}. The time is the injected {@link java.time.Clock}'s.
 */
@ApplicationScoped
public class StatusExpiry {

    private static final Logger LOG = Logger.getLogger(StatusExpiry.class);

    @Inject
    ControlPolicy policy;

    @Scheduled(every = "${residents.status.lift-every:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> liftExpired() {
        return policy.liftExpired()
                .invoke(lifted -> {
                    if (lifted > 0) {
                        LOG.infof("Lifted the expired control status of %d households", lifted);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("Lifting expired statuses failed: %s (will retry)", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
