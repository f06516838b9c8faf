package org.lifeline.testing.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.lifeline.platform.events.CloudEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
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
 * inserted with its event in one transaction; with several replicas the primary key makes sure it is
 * announced once. A milestone, once reached, is not taken back (a register import that adds persons can
 * lower the percentage again; the next milestone then waits for them).
 */
@ApplicationScoped
public class CoverageMilestones {

    private static final Logger LOG = Logger.getLogger(CoverageMilestones.class);

    public static final String TOPIC = "lifeline.testing.coverage.v1";
    public static final String TYPE = "org.lifeline.testing.CoverageMilestoneReached.v1";
    static final int[] PERCENTS = { 50, 80, 90, 100 };

    /** Data of {@code CoverageMilestoneReached.v1}. */
    public record MilestoneReached(UUID campaignId, String areaCode, LocalDate testDate, int percent, long expected,
            long tested) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper mapper;

    private final Map<UUID, Long> sampledAtLastCheck = new ConcurrentHashMap<>();

    @Scheduled(every = "${testing.milestones.interval:15s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        try {
            checkNow();
        } catch (SQLException e) {
            LOG.warnf("Coverage milestones: database not available (%s); will retry", e.getMessage());
        }
    }

    /** @return the milestones announced by this check */
    public List<MilestoneReached> checkNow() throws SQLException {
        List<MilestoneReached> announced = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<Object[]> open = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT c.id, c.area_code, c.area_path, c.test_date, "
                    + "c.exempt_under_months, (SELECT count(*) FROM person_state ps WHERE ps.campaign_id = c.id), "
                    + "(SELECT coalesce(max(percent), 0) FROM coverage_milestone m WHERE m.campaign_id = c.id) "
                    + "FROM campaign c WHERE c.status = 'open'")) {
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        open.add(new Object[] { rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                                rs.getObject(4, LocalDate.class), rs.getInt(5), rs.getLong(6), rs.getInt(7) });
                    }
                }
            }
            for (Object[] campaign : open) {
                UUID id = (UUID) campaign[0];
                long sampled = (Long) campaign[5];
                if ((Integer) campaign[6] >= 100 || sampled == 0 || Long.valueOf(sampled).equals(sampledAtLastCheck.get(id))) {
                    continue;
                }
                announced.addAll(check(c, id, (String) campaign[1], (String) campaign[2], (LocalDate) campaign[3],
                        (Integer) campaign[4]));
                sampledAtLastCheck.put(id, sampled);
            }
        }
        return announced;
    }

    private List<MilestoneReached> check(Connection c, UUID id, String areaCode, String areaPath, LocalDate testDate,
            int exemptUnderMonths) throws SQLException {
        long expected;
        long tested;
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FILTER (WHERE NOT exempt), "
                + "count(*) FILTER (WHERE NOT exempt AND tested) FROM (SELECT p.birth_date > ?::date "
                + "- make_interval(months => ?) AS exempt, s.person_id IS NOT NULL AS tested "
                + "FROM person_rm p LEFT JOIN (SELECT person_id FROM person_state WHERE campaign_id = ? "
                + "AND place_path LIKE ?) s ON s.person_id = p.id WHERE p.place_path LIKE ?) x")) {
            s.setObject(1, testDate);
            s.setInt(2, exemptUnderMonths);
            s.setObject(3, id);
            s.setString(4, areaPath + "%");
            s.setString(5, areaPath + "%");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                expected = rs.getLong(1);
                tested = rs.getLong(2);
            }
        }
        List<MilestoneReached> reached = new ArrayList<>();
        if (expected == 0) {
            return reached;
        }
        c.setAutoCommit(false);
        try {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO coverage_milestone (campaign_id, percent, "
                    + "expected, tested) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
                    PreparedStatement outbox = c.prepareStatement("INSERT INTO outbox (event_id, topic, event_key, "
                            + "event_type, payload) VALUES (?, ?, ?, ?, ?)")) {
                for (int percent : PERCENTS) {
                    if (tested * 100 < (long) percent * expected) {
                        break;
                    }
                    insert.setObject(1, id);
                    insert.setInt(2, percent);
                    insert.setLong(3, expected);
                    insert.setLong(4, tested);
                    if (insert.executeUpdate() == 1) {
                        MilestoneReached data = new MilestoneReached(id, areaCode, testDate, percent, expected, tested);
                        CloudEvent<MilestoneReached> event = CloudEvent.of("/lifeline/testing", TYPE, id.toString(), data);
                        outbox.setObject(1, UUID.fromString(event.id()));
                        outbox.setString(2, TOPIC);
                        outbox.setString(3, id.toString());
                        outbox.setString(4, TYPE);
                        outbox.setString(5, mapper.writeValueAsString(event));
                        outbox.executeUpdate();
                        reached.add(data);
                    }
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } catch (JsonProcessingException e) {
            c.rollback();
            throw new IllegalStateException(e);
        } finally {
            c.setAutoCommit(true);
        }
        return reached;
    }
}
