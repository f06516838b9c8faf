package org.lifeline.medical.escalation;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.lifeline.medical.config.MedicalConfig;
import org.lifeline.platform.outbox.OutboxRelay;

import java.sql.SQLException;
import java.util.List;

/**
 * Runs the {@link EscalationEngine} every {@code medical.escalation.poll-interval} (1 s) in every replica;
 * the engine's row locks make sure each passed deadline is escalated once. Batches follow each other until
 * a batch is not full, so a backlog (after an outage) drains at once.
 */
@ApplicationScoped
public class EscalationScheduler {

    private static final Logger LOG = Logger.getLogger(EscalationScheduler.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MedicalConfig config;

    @Inject
    WebhookNotifier webhook;

    @Inject
    OutboxRelay relay;

    @Inject
    MeterRegistry registry;

    private EscalationEngine engine;
    private Counter escalated;

    void start(@Observes StartupEvent event) {
        engine = new EscalationEngine(dataSource, config, config.escalation().batchSize(), webhook.enabled(),
                webhook::send);
        escalated = registry.counter("lifeline.medical.escalations");
    }

    @Scheduled(every = "${medical.escalation.poll-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (!config.escalation().enabled() || engine == null) {
            return;
        }
        try {
            int total = 0;
            List<Escalations.Step> steps;
            do {
                steps = engine.runOnce();
                total += steps.size();
            } while (steps.size() == config.escalation().batchSize());
            if (total > 0) {
                escalated.increment(total);
                relay.wake();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Escalation engine: %s; will retry at the next poll", e.toString());
        }
    }
}
