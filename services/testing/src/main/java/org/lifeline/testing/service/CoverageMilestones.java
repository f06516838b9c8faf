package org.lifeline.testing.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.outbox.Outbox;
import org.lifeline.testing.event.CoverageMilestoneReached;
import org.lifeline.testing.model.OpenCampaign;
import org.lifeline.testing.model.Tally;
import org.lifeline.testing.repository.CoverageRepository;
import org.lifeline.testing.repository.EventRepository;
import org.lifeline.testing.repository.MilestoneRepository;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Coverage milestones (覆盖率节点): when a campaign's tested persons reach 50, 80, 90 and 100 % of its
 * expected persons (the whole campaign area, exempt ones left out), testing announces it once with
 * {@code CoverageMilestoneReached.v1} on {@code lifeline.testing.coverage.v1}, so the district's
 * dashboards and the co-governance board need not poll coverage.
 *
 * <p>Checked every {@code testing.milestones.interval} (15 s) for the open campaigns whose number of
 * sampled persons changed since the last check. Each milestone is a row of {@code coverage_milestone}
 * (reached at the injected clock's time) inserted with its event in one transaction; with several replicas the
 * primary key makes sure it is announced once. A milestone, once reached, is not taken back (a register import
 * that adds persons can lower the percentage again; the next milestone then waits for them).
 */
@ApplicationScoped
public class CoverageMilestones {

    private static final Logger LOG = Logger.getLogger(CoverageMilestones.class);

    static final int[] PERCENTS = { 50, 80, 90, 100 };

    @Inject
    Transactions tx;

    @Inject
    Clock clock;

    @Inject
    MilestoneRepository milestones;

    @Inject
    CoverageRepository coverage;

    @Inject
    EventRepository events;

    @Inject
    ObjectMapper mapper;

    private final Map<UUID, Long> sampledAtLastCheck = new ConcurrentHashMap<>();

    @Scheduled(every = "${testing.milestones.interval:15s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        try {
            checkNow();
        } catch (IllegalStateException e) {
            LOG.warnf("Coverage milestones: database not available (%s); will retry", e.getMessage());
        }
    }

    /** @return the milestones announced by this check */
    public List<CoverageMilestoneReached> checkNow() {
        List<CoverageMilestoneReached> announced = new ArrayList<>();
        for (OpenCampaign campaign : tx.read(milestones::openCampaigns)) {
            long sampled = campaign.sampled();
            if (campaign.highestPercent() >= 100 || sampled == 0
                    || Long.valueOf(sampled).equals(sampledAtLastCheck.get(campaign.id()))) {
                continue;
            }
            announced.addAll(tx.call(c -> {
                Tally tally = coverage.expectedAndTested(c, campaign.id(), campaign.areaPath(), campaign.testDate(),
                        campaign.exemptUnderMonths());
                List<CoverageMilestoneReached> reached = new ArrayList<>();
                List<Outbox.Row> rows = new ArrayList<>();
                OffsetDateTime now = OffsetDateTime.now(clock);
                for (int percent : PERCENTS) {
                    if (tally.expected() == 0 || tally.tested() * 100 < (long) percent * tally.expected()) {
                        break;
                    }
                    if (milestones.insert(c, campaign.id(), percent, tally.expected(), tally.tested(), now)) {
                        CoverageMilestoneReached data = new CoverageMilestoneReached(campaign.id(), campaign.areaCode(),
                                campaign.testDate(), percent, tally.expected(), tally.tested());
                        rows.add(Outbox.row(mapper, CoverageMilestoneReached.TYPE, campaign.id().toString(), data));
                        reached.add(data);
                    }
                }
                events.write(c, rows);
                return reached;
            }));
            sampledAtLastCheck.put(campaign.id(), sampled);
        }
        return announced;
    }
}
