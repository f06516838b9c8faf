package org.lifeline.testing.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.outbox.Outbox;
import org.lifeline.platform.outbox.OutboxRelay;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.testing.api.ResultApi.BatchOutcome;
import org.lifeline.testing.api.ResultApi.ItemOutcome;
import org.lifeline.testing.api.ResultApi.ResultItem;
import org.lifeline.testing.config.Texts;
import org.lifeline.testing.event.HouseholdCleared;
import org.lifeline.testing.event.PersonOutcome;
import org.lifeline.testing.event.RetestRequired;
import org.lifeline.testing.event.TestResultRecorded;
import org.lifeline.testing.model.ControlledHousehold;
import org.lifeline.testing.model.ResultTube;
import org.lifeline.testing.model.TubePerson;
import org.lifeline.testing.repository.EventRepository;
import org.lifeline.testing.repository.ResultRepository;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Lab results. A batch is all or nothing: a tube not handed to the uploading lab refuses the batch (403), a
 * different final result without a correction refuses it (409); otherwise each tube is recorded, unchanged (the
 * same result again) or corrected (audited). Recording works out each person's state in the campaign and
 * publishes the facts in the same transaction: negative, each person negative; positive single, the person
 * positive; positive pooled, every person needs a single re-test ({@code RetestRequired}). Testing keeps its own
 * record of where re-tests are due ({@code household_control}) and says when a household has none left
 * ({@code HouseholdCleared}). What that means for a household's status is residents' decision.
 */
@ApplicationScoped
public class ResultService {

    private static final Logger LOG = Logger.getLogger(ResultService.class);

    @Inject
    Transactions tx;

    @Inject
    Clock clock;

    @Inject
    ResultRepository results;

    @Inject
    EventRepository events;

    @Inject
    ObjectMapper mapper;

    @Inject
    OutboxRelay relay;

    /** Records a lab's batch of results, all or nothing. */
    public BatchOutcome record(String lab, String actor, List<ResultItem> items) {
        Map<String, ResultItem> byBarcode = new HashMap<>();
        for (ResultItem item : items) {
            ResultItem earlier = byBarcode.put(item.barcode(), item);
            if (earlier != null && !earlier.result().equals(item.result())) {
                throw ProblemException.invalidField("results", Texts.of("results.two-results", item.barcode()));
            }
        }
        List<ResultItem> toApply = new ArrayList<>();
        BatchOutcome outcome = tx.call(c -> {
            Map<String, ResultTube> tubes = results.tubesForResults(c, byBarcode.keySet());
            List<String> notYours = new ArrayList<>();
            List<String> conflicts = new ArrayList<>();
            for (ResultItem item : byBarcode.values()) {
                ResultTube tube = tubes.get(item.barcode());
                if (tube == null || !lab.equals(tube.lab())) {
                    notYours.add(item.barcode()); // unknown tubes are not revealed to a lab either
                } else if (tube.hasResult() && !tube.currentResult().equals(item.result())
                        && !(Boolean.TRUE.equals(item.correction()) && item.reason() != null && !item.reason().isBlank())) {
                    conflicts.add(item.barcode());
                }
            }
            if (!notYours.isEmpty()) {
                throw ProblemException.forbidden(Texts.of("results.not-yours", String.join(", ", notYours)));
            }
            if (!conflicts.isEmpty()) {
                throw ProblemException.conflict(Texts.of("results.conflicts", String.join(", ", conflicts)));
            }
            List<ItemOutcome> outcomes = new ArrayList<>();
            int recorded = 0;
            int unchanged = 0;
            int corrected = 0;
            for (ResultItem item : items) {
                if (byBarcode.get(item.barcode()) != item) {
                    continue; // a repeat of the same barcode in the batch
                }
                ResultTube tube = tubes.get(item.barcode());
                if (item.result().equals(tube.currentResult())) {
                    outcomes.add(new ItemOutcome(item.barcode(), "unchanged"));
                    unchanged++;
                } else if (tube.hasResult()) {
                    outcomes.add(new ItemOutcome(item.barcode(), "corrected"));
                    corrected++;
                    toApply.add(item);
                } else {
                    outcomes.add(new ItemOutcome(item.barcode(), "recorded"));
                    recorded++;
                    toApply.add(item);
                }
            }
            apply(c, lab, actor, toApply, tubes);
            return new BatchOutcome(recorded, unchanged, corrected, outcomes);
        });
        if (!toApply.isEmpty()) {
            relay.wake(); // households wait for these events: do not wait for the next poll
        }
        return outcome;
    }

    /** A person's state in the campaign after their tube's result. */
    static String stateAfter(String kind, String result) {
        return result.equals("negative") ? "negative" : kind.equals("single") ? "positive" : "retest-required";
    }

    /**
     * The rules for a batch, set-based: corrections and results in two batched statements, the persons of all the
     * tubes in one statement, then one or two events per tube in one batch. Only persons whose current sample is
     * the tube change (a re-test in another tube is not overwritten).
     */
    private void apply(Connection c, String lab, String actor, List<ResultItem> items, Map<String, ResultTube> tubes)
            throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        OffsetDateTime now = OffsetDateTime.now(clock);
        results.record(c, lab, actor, items, tubes, now);
        long t1 = System.nanoTime();
        Map<String, String> stateOf = new HashMap<>();
        for (ResultItem item : items) {
            stateOf.put(item.barcode(), stateAfter(tubes.get(item.barcode()).kind(), item.result()));
        }
        Map<String, List<PersonOutcome>> persons = new HashMap<>();
        for (TubePerson p : results.personsIn(c, items.stream().map(ResultItem::barcode).toList())) {
            persons.computeIfAbsent(p.barcode(), k -> new ArrayList<>())
                    .add(new PersonOutcome(p.personId(), p.householdId(), stateOf.get(p.barcode())));
        }
        long t2 = System.nanoTime();
        List<ControlledHousehold> cleared = control(c, items, tubes, stateOf, persons, now);
        long t3 = System.nanoTime();
        List<Outbox.Row> rows = new ArrayList<>();
        for (ResultItem item : items) {
            ResultTube tube = tubes.get(item.barcode());
            List<PersonOutcome> who = persons.getOrDefault(item.barcode(), List.of());
            rows.add(Outbox.row(mapper, TestResultRecorded.TYPE, item.barcode(), new TestResultRecorded(
                    tube.campaignId(), item.barcode(), tube.kind(), item.result(), tube.hasResult(), who)));
            if (stateOf.get(item.barcode()).equals("retest-required")) {
                rows.add(Outbox.row(mapper, RetestRequired.TYPE, item.barcode(),
                        new RetestRequired(tube.campaignId(), item.barcode(), who)));
            }
        }
        for (ControlledHousehold h : cleared) { // after the results, so their event times come later
            rows.add(Outbox.row(mapper, HouseholdCleared.TYPE, h.householdId().toString(),
                    new HouseholdCleared(h.campaignId(), h.householdId(), h.barcode())));
        }
        events.write(c, rows);
        if (items.size() >= 1000) { // where a large batch's time goes, for operators and the benchmark
            LOG.infof("Results of %d tubes applied in %d ms: results %d ms, their persons %d ms, control %d ms, "
                    + "events %d ms", items.size(), (System.nanoTime() - t0) / 1_000_000, (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (System.nanoTime() - t3) / 1_000_000);
        }
    }

    /**
     * Testing's record of re-tests due: a positive pooled tube puts its persons' households under control; a
     * household under control whose persons now have no re-test due and no positive result is cleared.
     *
     * @return the households cleared by this batch
     */
    private List<ControlledHousehold> control(Connection c, List<ResultItem> items, Map<String, ResultTube> tubes,
            Map<String, String> stateOf, Map<String, List<PersonOutcome>> persons, OffsetDateTime now)
            throws SQLException {
        Set<UUID> controlled = new LinkedHashSet<>();
        Set<UUID> negative = new LinkedHashSet<>();
        List<ControlledHousehold> toControl = new ArrayList<>();
        for (ResultItem item : items) {
            String state = stateOf.get(item.barcode());
            for (PersonOutcome p : persons.getOrDefault(item.barcode(), List.of())) {
                if (state.equals("retest-required") && controlled.add(p.householdId())) {
                    toControl.add(new ControlledHousehold(tubes.get(item.barcode()).campaignId(), p.householdId(),
                            item.barcode()));
                } else if (p.state().equals("negative")) {
                    negative.add(p.householdId());
                }
            }
        }
        results.control(c, toControl, now);
        if (negative.isEmpty()) {
            return List.of();
        }
        // only households under control can be cleared: few, so intersect here, not with every negative one
        Set<UUID> campaigns = new HashSet<>();
        items.forEach(i -> campaigns.add(tubes.get(i.barcode()).campaignId()));
        negative.retainAll(results.controlled(c, campaigns));
        return negative.isEmpty() ? List.of() : results.clear(c, negative, now);
    }
}
