package org.lifeline.supplies.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.supplies.api.HouseholdSupplies;
import org.lifeline.supplies.model.Actor;
import org.lifeline.supplies.model.Household;
import org.lifeline.supplies.model.HouseholdPriorityFacts;
import org.lifeline.supplies.model.Priority;
import org.lifeline.supplies.repository.HouseholdRepository;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * A household as supplies knows it from residents' events, with the priority its orders would get now (no names,
 * only counts): the household sees why it is served when it is; staff see the households of their areas.
 */
@ApplicationScoped
public class HouseholdService {

    @Inject
    Transactions tx;

    @Inject
    Clock clock;

    @Inject
    HouseholdRepository households;

    public HouseholdSupplies get(Actor actor, UUID id) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        LocalDate infantsBornAfter = now.toLocalDate().minusYears(Priority.INFANT_UNDER_YEARS);
        HouseholdPriorityFacts facts = tx.read(c -> households.priorityFacts(c, id, infantsBornAfter))
                .filter(h -> mayRead(actor, h.code(), h.placePath()))
                .orElseThrow(() -> ProblemException.notFound("Household", id));
        Priority.Components priority = Priority.score(new Priority.Candidate(id, null, 1, now, facts.status(),
                facts.vulnerableMembers(), facts.infants()), now);
        return new HouseholdSupplies(id, facts.code(), facts.status(), facts.version(), facts.persons(), priority);
    }

    /**
     * The household if the actor may read it (its resident, staff of its area, a platform admin), else 404. For its
     * orders (the operator's one screen, issue 20) a hotline operator of its area may read it too.
     */
    static Household visible(Actor actor, Optional<Household> household, UUID id) {
        return household.filter(h -> mayRead(actor, h.code(), h.placePath())
                        || actor.isHotlineOperator() && AreaPaths.within(actor.paths(), h.placePath()))
                .orElseThrow(() -> ProblemException.notFound("Household", id));
    }

    private static boolean mayRead(Actor actor, String code, String placePath) {
        boolean own = actor.isResident() && code.equals(actor.caller().household());
        boolean staff = (actor.isStaff() || actor.isPlatformAdmin()) && AreaPaths.within(actor.paths(), placePath);
        return own || staff;
    }
}
