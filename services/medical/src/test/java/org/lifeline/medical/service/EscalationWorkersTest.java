package org.lifeline.medical.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.medical.support.Fixtures;
import org.lifeline.platform.deadline.Deadline;
import org.lifeline.platform.deadline.DeadlineWorker;
import org.lifeline.platform.time.OffsetClock;
import org.lifeline.servers.LifelineServersResource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Timers that survive: the stage deadlines are platform deadlines in the database, so a worker that crashes
 * mid-escalation loses nothing and a restarted one escalates exactly once; two workers on two connection pools
 * against the one real database escalate each passed deadline exactly once. Time passes by moving the service's
 * clock (the test profile's critical acknowledgement and re-escalation are 3 s), not by sleeping.
 */
@QuarkusTest
@TestProfile(EngineOffProfile.class)
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "medical"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class EscalationWorkersTest {

    private static final Duration PAST_THE_DEADLINE = Duration.ofMillis(3500);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    StageDeadlineHandler handler;

    @Inject
    Clock clock;

    @BeforeEach
    void households() throws Exception {
        Fixtures.demoHouseholds(bootstrap);
    }

    /** A second replica: its own connections, not the service's pool. */
    private PGSimpleDataSource otherReplica() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        ds.setUser("postgres");
        ds.setPassword("postgres");
        return ds;
    }

    /** A worker as a replica runs it, with the service's handler and this clock. */
    private DeadlineWorker worker(DataSource on, int batchSize) {
        return new DeadlineWorker(on, clock, List.of(handler), batchSize, Duration.ofSeconds(10), Duration.ofMinutes(10));
    }

    @Test
    void shouldEscalateADeadlineThatPassedWhileTheServiceWasDownExactlyOnceAfterACrashAndARestart() throws Exception {
        String id = Fixtures.raise("resident1", "labour-pregnancy", Map.of("inLabour", true));
        ((OffsetClock) clock).advance(PAST_THE_DEADLINE); // the acknowledgement deadline (3 s) passes, no worker runs
        assertEquals(0, escalations(id));
        String deadline = deadlineId(id, "acknowledged", "community");

        // a worker claims it and dies before its commit: PostgreSQL rolls its work back
        PGSimpleDataSource replica = otherReplica();
        Connection crashing = replica.getConnection();
        crashing.setAutoCommit(false);
        assertTrue(subjects(worker(replica, 10_000).fireDue(crashing).fired()).contains(deadline));
        // while it holds the claim, another replica skips the locked deadline instead of escalating it again
        assertFalse(drain(worker(dataSource, 10_000)).contains(deadline));
        crashing.close(); // the crash: no commit
        assertEquals(0, escalations(id));
        assertEquals("pending", deadlineState(id, "acknowledged", "community"));

        // the service comes back: a new worker, with nothing in memory, finds the deadline in the database
        // (large batches: deadlines left pending by earlier tests on this database come first)
        DeadlineWorker restarted = worker(dataSource, 10_000);
        assertTrue(subjects(restarted.runOnce().fired()).contains(deadline));
        assertFalse(drain(restarted).contains(deadline));
        assertFalse(drain(worker(replica, 10_000)).contains(deadline));
        assertEquals(1, escalations(id));
        assertEquals("escalated", deadlineState(id, "acknowledged", "community"));
        assertEquals("pending", deadlineState(id, "acknowledged", "street"));
        assertEquals(1, count("SELECT count(*) FROM notification WHERE request_id = ?::uuid AND level = 'street'", id));
        assertEquals(1, count("SELECT count(*) FROM timeline_entry WHERE request_id = ?::uuid AND kind = 'escalated'", id));
    }

    @Test
    void shouldEscalateEachDeadlineExactlyOnceWithTwoWorkersRunningAtOnce() throws Exception {
        int n = 40;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(Fixtures.raise("resident1", "chest-pain-stroke", Map.of()));
        }
        for (int wave = 1; wave <= 2; wave++) {
            // the acknowledgement deadlines (3 s), then the street's new ones (3 s after the escalation), pass
            ((OffsetClock) clock).advance(PAST_THE_DEADLINE);
            Set<String> due = Set.copyOf(dueDeadlines(ids));
            assertEquals(n, due.size(), "wave " + wave);
            List<Integer> taken = twoWorkersDrain(ids, due);
            System.out.println("wave " + wave + ": the two workers escalated " + taken);
            assertEquals(n, taken.get(0) + taken.get(1), "wave " + wave + ": " + taken);
            for (String id : ids) {
                assertEquals(wave, escalations(id), "request " + id + " after wave " + wave);
            }
        }
        assertEquals(0, count("SELECT count(*) FROM (SELECT deadline_id FROM escalation WHERE deadline_id IS NOT NULL "
                + "GROUP BY deadline_id HAVING count(*) > 1) d", null));
        for (String id : ids) {
            assertEquals(1, count("SELECT count(*) FROM notification WHERE request_id = ?::uuid AND level = 'district'", id));
        }
    }

    /** Both workers at once, small batches, until none of these requests' deadlines is due; how many of them each fired. */
    private List<Integer> twoWorkersDrain(List<String> ids, Set<String> mine) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (DeadlineWorker worker : List.of(worker(dataSource, 3), worker(otherReplica(), 3))) {
                Callable<Integer> work = () -> {
                    start.await();
                    int fired = 0;
                    DeadlineWorker.Batch batch;
                    do {
                        batch = worker.runOnce();
                        fired += (int) subjects(batch.fired()).stream().filter(mine::contains).count();
                    } while (!batch.isEmpty() || !dueDeadlines(ids).isEmpty());
                    return fired;
                };
                results.add(pool.submit(work));
            }
            start.countDown();
            return List.of(results.get(0).get(), results.get(1).get());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs batches until one is empty; every deadline fired. */
    private static List<String> drain(DeadlineWorker worker) throws SQLException {
        List<String> fired = new ArrayList<>();
        DeadlineWorker.Batch batch;
        do {
            batch = worker.runOnce();
            fired.addAll(subjects(batch.fired()));
        } while (!batch.isEmpty());
        return fired;
    }

    private static List<String> subjects(List<Deadline> deadlines) {
        return deadlines.stream().map(Deadline::subject).toList();
    }

    /** The pending stage deadlines of these requests that are due by the service's clock (platform subjects). */
    private List<String> dueDeadlines(List<String> ids) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT id FROM request_deadline WHERE state = 'pending' "
                        + "AND due_at <= ? AND request_id = ANY (?::uuid[])")) {
            s.setTimestamp(1, Timestamp.from(clock.instant()));
            s.setArray(2, c.createArrayOf("varchar", ids.toArray()));
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(Long.toString(rs.getLong(1)));
                }
            }
            return out;
        }
    }

    private int escalations(String id) throws SQLException {
        return count("SELECT count(*) FROM escalation WHERE request_id = ?::uuid AND kind = 'automatic'", id);
    }

    private String deadlineId(String id, String stage, String level) throws SQLException {
        return Integer.toString(count("SELECT id FROM request_deadline WHERE request_id = ?::uuid AND stage = '" + stage
                + "' AND level = '" + level + "'", id));
    }

    private String deadlineState(String id, String stage, String level) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT state FROM request_deadline WHERE request_id = ?::uuid "
                        + "AND stage = ? AND level = ?")) {
            s.setString(1, id);
            s.setString(2, stage);
            s.setString(3, level);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }

    private int count(String sql, String id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (id != null) {
                s.setString(1, id);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
