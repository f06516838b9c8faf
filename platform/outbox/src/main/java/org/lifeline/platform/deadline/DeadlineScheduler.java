package org.lifeline.platform.deadline;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Runs a {@link DeadlineWorker} every {@code lifeline.deadline.poll-interval} (1 s) in every replica, with every
 * {@link DeadlineHandler} bean of the service; nothing runs in a service that has none. Batches follow each other
 * while they come back full, so a backlog (after an outage) drains at once. Keys, all under {@code lifeline.deadline.}:
 * {@code enabled} (true), {@code poll-interval} (1s), {@code batch-size} (100), {@code retry-after} (10s, the first
 * wait after a failed handler, doubled per failure), {@code max-retry-after} (10m). Metrics
 * {@code lifeline_deadlines_fired_total} and {@code lifeline_deadlines_failed_total}, tagged with the kind.
 */
@ApplicationScoped
public class DeadlineScheduler {

    private static final Logger LOG = Logger.getLogger(DeadlineScheduler.class);
    private static final String TRIGGER = "lifeline-deadlines";

    @Inject
    Instance<AgroalDataSource> dataSource;

    @Inject
    Clock clock;

    @Inject
    @Any
    Instance<DeadlineHandler> handlers;

    @Inject
    MeterRegistry registry;

    @Inject
    Scheduler scheduler;

    @ConfigProperty(name = "lifeline.deadline.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "lifeline.deadline.batch-size", defaultValue = "100")
    int batchSize;

    @ConfigProperty(name = "lifeline.deadline.retry-after", defaultValue = "10s")
    Duration retryAfter;

    @ConfigProperty(name = "lifeline.deadline.max-retry-after", defaultValue = "10m")
    Duration maxRetryAfter;

    private volatile DeadlineWorker worker;

    void start(@Observes StartupEvent event) {
        if (enabled && !handlers.isUnsatisfied()) {
            worker = worker(dataSource.get());
        }
    }

    /** No poll may start once the application stops (it would find the container gone and log an error). */
    void stop(@Observes ShutdownEvent event) {
        worker = null;
        scheduler.pause(TRIGGER);
    }

    /** A worker with this service's handlers and settings on another data source (a test's second replica). */
    public DeadlineWorker worker(DataSource on) {
        return new DeadlineWorker(on, clock, handlers.stream().toList(), batchSize, retryAfter, maxRetryAfter);
    }

    @Scheduled(identity = TRIGGER, every = "${lifeline.deadline.poll-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        DeadlineWorker running = worker;
        if (running == null) {
            return;
        }
        try {
            DeadlineWorker.Batch batch;
            do {
                batch = running.runOnce();
                count("lifeline.deadlines.fired", batch.fired());
                count("lifeline.deadlines.failed", batch.failed());
            } while (batch.fired().size() + batch.failed().size() == running.batchSize());
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Deadlines: %s; will retry at the next poll", e.toString());
        }
    }

    private void count(String name, List<Deadline> deadlines) {
        deadlines.forEach(d -> registry.counter(name, "kind", d.kind()).increment());
    }
}
