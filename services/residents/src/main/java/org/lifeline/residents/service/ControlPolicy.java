package org.lifeline.residents.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.residents.api.StatusRequest;
import org.lifeline.residents.config.Texts;
import org.lifeline.residents.event.HouseholdChanged;
import org.lifeline.residents.event.TestingFacts;
import org.lifeline.residents.model.ControlStatus;
import org.lifeline.residents.model.Household;
import org.lifeline.residents.model.HouseholdStatusChange;
import org.lifeline.residents.model.InitialStatus;
import org.lifeline.residents.model.Person;
import org.lifeline.residents.repository.HouseholdEventsRepository;
import org.lifeline.residents.repository.HouseholdRepository;
import org.lifeline.residents.repository.HouseholdStatusRepository;
import org.lifeline.residents.repository.PersonRepository;
import org.lifeline.residents.repository.StatusChangeRepository;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The one place that decides a household's control status (常态 / 防范区 / 管控区 / 封控区) and changes it: status,
 * reason, source, since/until, a history row and a {@code HouseholdChanged} event, always together. Its writers:
 * <ul>
 *   <li>staff ({@link #setByStaff}): any status, up or down, with an optional end time in the future;</li>
 *   <li>the end time passing ({@link #liftExpired}): back to normal, source {@code expiry};</li>
 *   <li>testing's facts ({@link #resultRecorded}, {@link #householdCleared}): a positive single tube seals the
 *       households of its persons; a positive pooled tube puts the households of its persons whose state is
 *       {@code retest-required} under control; a negative one changes nothing; a fact never lowers a status
 *       ({@link #RANK}); when all re-tests come back negative ({@code HouseholdCleared}) a {@code controlled} that
 *       testing's facts caused (source {@code testing:...}) goes back to normal, nothing else. Testing's events
 *       about one household apply in CloudEvent time order ({@code household.testing_event_at}): an older one
 *       arriving late is skipped;</li>
 *   <li>a new household ({@link #initial}) and the demo data ({@link #demo}): their first status.</li>
 * </ul>
 * Times come from the injected {@link Clock}.
 */
@ApplicationScoped
public class ControlPolicy {

    /** Least to most restrictive. */
    public static final List<ControlStatus> RANK = List.of(ControlStatus.NORMAL, ControlStatus.PRECAUTION,
            ControlStatus.CONTROLLED, ControlStatus.SEALED);
    static final String TESTING = "testing:";
    static final int EXPIRED_PER_RUN = 100;

    @Inject
    Clock clock;

    @Inject
    HouseholdRepository households;

    @Inject
    StatusChangeRepository history;

    @Inject
    PersonRepository persons;

    @Inject
    ResidentsEvents events;

    @Inject
    HouseholdStatusRepository statuses;

    @Inject
    HouseholdEventsRepository householdEvents;

    /** The first status of a registered household: normal. */
    public void initial(Household h, OffsetDateTime now) {
        h.status = ControlStatus.NORMAL;
        h.statusSource = "registration";
        h.statusSince = now;
    }

    /** The first status and reason of a demo household (reason null for normal), source {@code demo-data}. */
    public InitialStatus demo(ControlStatus status) {
        return new InitialStatus(status, status == ControlStatus.NORMAL ? null : Texts.both("status.reason.demo"), "demo-data");
    }

    /** Staff set the status (in the caller's transaction); returns the household's persons, for its view. */
    public Uni<List<Person>> setByStaff(Caller caller, Household h, StatusRequest request) {
        OffsetDateTime now = now();
        if (request.until() != null && !request.until().isAfter(now)) {
            throw ProblemException.invalidField("until", Texts.of("status.until-future"));
        }
        return change(h, request.status(), request.reason().trim(), "user:" + caller.username(), caller.subject(),
                now, request.until());
    }

    /** Lifts the statuses whose end time has passed (a batch, rows other replicas hold skipped); how many. */
    public Uni<Integer> liftExpired() {
        OffsetDateTime now = now();
        return Panache.withTransaction(() -> households.claimExpired(now, EXPIRED_PER_RUN)
                .flatMap(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> households.byId(id).flatMap(h -> change(h,
                                ControlStatus.NORMAL, Texts.of("status.reason.expired", h.status.code(), h.statusUntil).en(),
                                "expiry", null, now, null)))
                        .collect().asList())
                .map(List::size));
    }

    private Uni<List<Person>> change(Household h, ControlStatus status, String reason, String source, String changedBy,
            OffsetDateTime now, OffsetDateTime until) {
        h.status = status;
        h.statusReason = reason;
        h.statusSource = source;
        h.statusSince = now;
        h.statusUntil = until;
        h.updatedAt = now;
        HouseholdStatusChange change = new HouseholdStatusChange();
        change.householdId = h.id;
        change.status = status;
        change.reason = reason;
        change.source = source;
        change.changedBy = changedBy;
        change.startedAt = now;
        change.until = until;
        return history.add(change)
                .flatMap(x -> households.flushSession())
                .flatMap(x -> persons.ofHousehold(h.id))
                .call(list -> events.householdChanged(HouseholdChanged.Change.STATUS_CHANGED, h, list));
    }

    /** testing's {@code TestResultRecorded}, in the inbox transaction of the event ({@code time}: its CloudEvent time). */
    public void resultRecorded(Connection c, TestingFacts.ResultRecorded result, Instant time) throws SQLException {
        if (!"positive".equals(result.result())) {
            return;
        }
        boolean single = "single".equals(result.kind());
        ControlStatus status = single ? ControlStatus.SEALED : ControlStatus.CONTROLLED;
        Set<UUID> affected = new LinkedHashSet<>();
        for (TestingFacts.PersonOutcome p : result.personsOrEmpty()) {
            if (p.householdId() != null && (single || "retest-required".equals(p.state()))) {
                affected.add(p.householdId());
            }
        }
        if (affected.isEmpty()) {
            return;
        }
        String reason = Texts.both(single ? "status.reason.positive" : "status.reason.pooled-positive", result.barcode());
        statuses.change(c, affected, RANK.subList(0, RANK.indexOf(status)), null,
                new HouseholdStatusRepository.Change(status, reason, TESTING + result.barcode(), "testing", clock.instant()),
                time);
        statuses.stamp(c, affected, time);
        householdEvents.write(c, HouseholdStatusRepository.CHANGED);
    }

    /** testing's {@code HouseholdCleared}: lifts a {@code controlled} that testing's facts caused; nothing else. */
    public void householdCleared(Connection c, TestingFacts.HouseholdCleared cleared, Instant time) throws SQLException {
        Set<UUID> household = Set.of(cleared.householdId());
        statuses.change(c, household, List.of(ControlStatus.CONTROLLED), TESTING,
                new HouseholdStatusRepository.Change(ControlStatus.NORMAL,
                        Texts.both("status.reason.cleared", cleared.barcode()), TESTING + "cleared:" + cleared.barcode(),
                        "testing", clock.instant()), time);
        statuses.stamp(c, household, time);
        householdEvents.write(c, HouseholdStatusRepository.CHANGED);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
