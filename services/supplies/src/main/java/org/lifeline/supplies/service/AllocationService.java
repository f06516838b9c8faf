package org.lifeline.supplies.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.supplies.api.AllocationApi.Decision;
import org.lifeline.supplies.api.AllocationApi.Run;
import org.lifeline.supplies.api.AllocationApi.RunRequest;
import org.lifeline.supplies.model.Actor;
import org.lifeline.supplies.model.Priority.Candidate;
import org.lifeline.supplies.model.Priority.Ranked;
import org.lifeline.supplies.model.Priority;
import org.lifeline.supplies.repository.AllocationRepository.NewDecision;
import org.lifeline.supplies.repository.AllocationRepository;
import org.lifeline.supplies.repository.OrderRepository;
import org.lifeline.supplies.repository.StockRepository;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Allocation runs: when demand exceeds a warehouse's stock, the waiting orders of that warehouse and item are
 * ranked by {@link Priority} (at the injected clock's time) and served in that order while stock lasts; an order
 * that needs more than is left waits for the next run. The stock row is locked for the run, so orders placed
 * meanwhile wait for it and nothing is given twice. Every decision is stored with its score's parts.
 */
@ApplicationScoped
public class AllocationService {

    @Inject
    Transactions tx;

    @Inject
    Clock clock;

    @Inject
    CatalogueService catalogue;

    @Inject
    OrderAccess access;

    @Inject
    AllocationRepository runs;

    @Inject
    StockRepository stock;

    @Inject
    OrderRepository orders;

    public Run run(Actor actor, RunRequest request) {
        return tx.call(c -> {
            String area = request.areaCode();
            String item = request.itemCode();
            String areaPath = catalogue.warehousePath(c, actor, area);
            Integer stocked = stock.lockAvailable(c, area, item).orElse(null);
            int available = stocked == null ? 0 : stocked;
            OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
            List<Candidate> candidates = runs.lockWaiting(c, area, item,
                    now.toLocalDate().minusYears(Priority.INFANT_UNDER_YEARS));
            UUID runId = UUID.randomUUID();
            runs.start(c, runId, area, areaPath, item, actor.username(), now, available, candidates.size());
            int left = available;
            List<NewDecision> decisions = new ArrayList<>();
            List<OrderRepository.Step> steps = new ArrayList<>();
            List<UUID> allocated = new ArrayList<>();
            for (Ranked r : Priority.rank(candidates, now)) {
                Candidate cand = r.candidate();
                boolean give = cand.quantity() <= left;
                String place = "position " + r.position() + " (round " + r.round() + " of its building), score "
                        + r.components().total() + ": ";
                String reason;
                if (give) {
                    left -= cand.quantity();
                    allocated.add(cand.orderId());
                    reason = place + cand.quantity() + " given, " + left + " left";
                    steps.add(new OrderRepository.Step(cand.orderId(), "allocated", actor.username(), actor.role(),
                            "allocation run " + runId + ": " + reason));
                } else {
                    reason = place + "needs " + cand.quantity() + ", only " + left + " left; waits for the next run";
                }
                decisions.add(new NewDecision(cand.orderId(), r.position(), cand.buildingPath(), r.round(),
                        r.components(), give ? "allocated" : "waiting", reason));
            }
            runs.decide(c, runId, decisions);
            orders.timeline(c, steps);
            orders.markAllocated(c, allocated);
            int units = available - left;
            if (stocked != null && units > 0) {
                stock.allocate(c, area, item, units);
            }
            runs.finish(c, runId, allocated.size(), units);
            return new Run(runId, area, item, actor.username(), now, available, candidates.size(), allocated.size(),
                    units, left);
        });
    }

    public Run get(Actor actor, UUID id) {
        return tx.read(c -> visibleRun(c, actor, id));
    }

    private Run visibleRun(Connection c, Actor actor, UUID id) throws SQLException {
        return runs.find(c, id).filter(r -> AreaPaths.within(actor.paths(), r.areaPath()))
                .orElseThrow(() -> ProblemException.notFound("Allocation run", id)).run();
    }

    /** A run's decisions in serving order (staff of its community). */
    public PageView<Decision> decisions(Actor actor, UUID runId, int page, int size) {
        return tx.read(c -> {
            visibleRun(c, actor, runId);
            return PageView.of(runs.decisionsOfRun(c, runId, page, size), page, size, runs.countDecisions(c, runId));
        });
    }

    /** Why an order was (or was not yet) served: its decisions in every run, newest first; whoever sees the order. */
    public List<Decision> ofOrder(Actor actor, UUID orderId) {
        return tx.read(c -> {
            access.visible(c, actor, orderId, false);
            return runs.decisionsOfOrder(c, orderId);
        });
    }
}
