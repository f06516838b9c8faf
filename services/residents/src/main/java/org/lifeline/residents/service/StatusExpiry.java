package org.lifeline.residents.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.lifeline.residents.event.HouseholdChanged;
import org.lifeline.residents.event.ResidentsEvents;
import org.lifeline.residents.model.ControlStatus;
import org.lifeline.residents.model.Household;
import org.lifeline.residents.model.HouseholdStatusChange;
import org.lifeline.residents.model.Person;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Lifts control statuses whose end time has passed: the household goes back to {@code normal}, the
 * history records it (source {@code expiry}) and the change is published like any other. Rows are
 * claimed with {@code FOR UPDATE SKIP LOCKED}, so several replicas never lift one household twice.
 */
@ApplicationScoped
public class StatusExpiry {

    private static final Logger LOG = Logger.getLogger(StatusExpiry.class);

    @Inject
    ResidentsEvents events;

    @Scheduled(every = "${residents.status.lift-every:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> liftExpired() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT id FROM household WHERE status <> 'normal' AND status_until IS NOT NULL "
                        + "AND status_until <= now() ORDER BY status_until LIMIT 100 FOR UPDATE SKIP LOCKED", Object.class)
                .getResultList()
                .flatMap(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> lift(SurveyService.toUuid(id)))
                        .collect().asList())))
                .invoke(lifted -> {
                    if (!lifted.isEmpty()) {
                        LOG.infof("Lifted the expired control status of %d households", lifted.size());
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("Lifting expired statuses failed: %s (will retry)", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<UUID> lift(UUID id) {
        return Household.<Household>findById(id).flatMap(h -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            String previous = h.status.code();
            h.status = ControlStatus.NORMAL;
            h.statusReason = "ended: " + previous + " until " + h.statusUntil;
            h.statusSource = "expiry";
            h.statusSince = now;
            h.statusUntil = null;
            h.updatedAt = now;
            HouseholdStatusChange change = new HouseholdStatusChange();
            change.householdId = h.id;
            change.status = ControlStatus.NORMAL;
            change.reason = h.statusReason;
            change.source = "expiry";
            change.startedAt = now;
            return change.persist()
                    .flatMap(x -> Panache.flush())
                    .flatMap(x -> Person.<Person>list("householdId", h.id))
                    .flatMap((List<Person> persons) -> events.householdChanged(HouseholdChanged.Change.STATUS_CHANGED, h, persons))
                    .replaceWith(h.id);
        });
    }
}
