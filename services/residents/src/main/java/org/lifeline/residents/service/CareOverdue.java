package org.lifeline.residents.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.lifeline.residents.event.CareContactOverdue;
import org.lifeline.residents.repository.CareRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * Announces care contacts overdue (关爱超时) every {@code residents.care.overdue-check}: each vulnerable person whom
 * nobody called or visited within {@code residents.care.contact-interval} (the care list's "overdue") becomes one
 * {@link CareContactOverdue}, once per missed interval, in the transaction that records the claim (so the event
 * exists if and only if the claim does). Before this, an overdue person waited on the care list until someone
 * happened to open it; now the hotline makes it a care ticket with a deadline and an owner. At most
 * {@value #PER_RUN} per run, oldest first; the rest follow in the next runs.
 */
@ApplicationScoped
public class CareOverdue {

    static final int PER_RUN = 500;
    private static final Logger LOG = Logger.getLogger(CareOverdue.class);

    @Inject
    Clock clock;

    @Inject
    CareRepository care;

    @Inject
    ResidentsEvents events;

    @ConfigProperty(name = "residents.care.contact-interval", defaultValue = "PT48H")
    Duration contactInterval;

    @Scheduled(every = "${residents.care.overdue-check:60s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        return announce()
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("Announced %d care contacts overdue", n);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("Announcing overdue care contacts failed: %s (will retry)", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Claims and announces the persons overdue now; returns how many. */
    public Uni<Integer> announce() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return Panache.withTransaction(() -> care.claimOverdue(now, contactInterval, PER_RUN)
                .flatMap(rows -> Multi.createFrom().iterable(rows)
                        .onItem().transformToUniAndConcatenate(r -> events.careContactOverdue(event(r)))
                        .collect().asList()
                        .map(List::size)));
    }

    private CareContactOverdue event(Object[] r) {
        OffsetDateTime since = SurveyService.toTime(r[2]);
        List<String> flags = r[6] == null ? List.of() : Arrays.asList(((String) r[6]).split(","));
        return new CareContactOverdue(SurveyService.toUuid(r[0]), SurveyService.toUuid(r[1]), (String) r[4],
                (String) r[5], List.copyOf(flags), SurveyService.toTime(r[3]), since, since.plus(contactInterval));
    }
}
