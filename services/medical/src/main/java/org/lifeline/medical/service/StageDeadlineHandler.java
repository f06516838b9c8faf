package org.lifeline.medical.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.medical.config.MedicalConfig;
import org.lifeline.medical.model.Levels;
import org.lifeline.medical.model.StageDeadline;
import org.lifeline.medical.repository.NotificationRepository;
import org.lifeline.medical.repository.StageDeadlineRepository;
import org.lifeline.medical.repository.TimelineRepository;
import org.lifeline.platform.deadline.Deadline;
import org.lifeline.platform.deadline.DeadlineHandler;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.outbox.OutboxRelay;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Escalates a request whose stage deadline passed while still pending: the platform's durable deadlines
 * (org.lifeline.platform.deadline, kind {@value StageDeadlineRepository#KIND}, subject the {@code request_deadline}
 * id) fire it once, in every replica's worker, in the worker's transaction. The deadline and its request are locked
 * with {@code SKIP LOCKED}: a request a staff member is changing at this moment is left for the next poll
 * ({@link Outcome#BUSY}), so they never wait for each other. A deadline passing at the city level is marked
 * exhausted and put on the timeline (there is no level above). {@code escalation.deadline_id} is unique besides,
 * so a second escalation of one deadline could not be committed even by a bug.
 */
@ApplicationScoped
public class StageDeadlineHandler implements DeadlineHandler {

    @Inject
    EscalationService escalation;

    @Inject
    StageDeadlineRepository deadlines;

    @Inject
    TimelineRepository timeline;

    @Inject
    NotificationRepository notifications;

    @Inject
    MedicalConfig config;

    @Inject
    Clock clock;

    @Inject
    Transactions tx;

    @Inject
    WebhookNotifier webhook;

    @Inject
    OutboxRelay relay;

    @Inject
    MeterRegistry registry;

    private Counter escalated;

    @Override
    public String kind() {
        return StageDeadlineRepository.KIND;
    }

    @Override
    public Outcome fire(Connection c, Deadline deadline) throws SQLException {
        long id = Long.parseLong(deadline.subject());
        Optional<StageDeadline> locked = deadlines.lock(c, id);
        if (locked.isEmpty()) {
            return deadlines.exists(c, id) ? Outcome.BUSY : Outcome.FIRED;
        }
        StageDeadline d = locked.get();
        if (!"pending".equals(d.state())) {
            return Outcome.FIRED; // met or cancelled meanwhile: nothing is due
        }
        if (Levels.next(d.level()) == null) {
            deadlines.finish(c, d.id(), "exhausted", clock.instant());
            timeline.add(c, d.request(), "overdue", d.level(), "system",
                    "'" + d.stage() + "' deadline passed at city level; no level above", clock.instant());
            return Outcome.FIRED;
        }
        MedicalConfig.Sla sla = config.sla().get(d.severity());
        escalation.escalate(c, d.request(), d.household(), d.path(), d.level(),
                EscalationService.Cause.deadline(d.stage(), d.id(), d.dueAt(), sla.reEscalate()));
        return Outcome.FIRED;
    }

    /** The webhook of each notification written, the outbox relay woken, the escalations counted. */
    @Override
    public void afterCommit(List<Deadline> fired) {
        List<Long> ids = fired.stream().map(d -> Long.parseLong(d.subject())).toList();
        List<Long> written = tx.read(c -> notifications.ofDeadlines(c, ids));
        if (written.isEmpty()) {
            return;
        }
        counter().increment(written.size());
        relay.wake();
        webhook.send(written);
    }

    private Counter counter() {
        if (escalated == null) {
            escalated = registry.counter("lifeline.medical.escalations");
        }
        return escalated;
    }
}
