package org.lifeline.medical.escalation;

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
import org.lifeline.medical.config.MedicalConfig;
import org.lifeline.medical.support.Fixtures;
import org.lifeline.servers.LifelineServersResource;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Timers that survive: deadlines live in the database, so an engine that crashes mid-escalation loses
 * nothing and a restarted one escalates exactly once; two engines on two connection pools against the
 * one real database escalate each passed deadline exactly once.
 */
@QuarkusTest
@TestProfile(EngineOffProfile.class)
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "medical"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class EscalationWorkersTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MedicalConfig config;

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

    @Test
    void shouldEscalateADeadlineThatPassedWhileTheServiceWasDownExactlyOnceAfterACrashAndARestart() throws Exception {
        String id = Fixtures.raise("resident1", "labour-pregnancy", Map.of("inLabour", true));
        Thread.sleep(3500); // the acknowledgement deadline (3 s) passes while no engine runs
        assertEquals(0, escalations(id));

        // an engine claims it and dies before its commit: PostgreSQL rolls its work back
        PGSimpleDataSource replica = otherReplica();
        Connection crashing = replica.getConnection();
        crashing.setAutoCommit(false);
        EscalationEngine doomed = new EscalationEngine(replica, config, 10, false, null);
        assertEquals(1, doomed.escalateDue(crashing, 1000).stream().filter(s -> id.equals(requestOf(s))).count());
        // while it holds the claim, another replica skips the locked deadline instead of escalating it again
        assertEquals(0, new EscalationEngine(dataSource, config, 10_000, false, null).runOnce().stream()
                .filter(s -> id.equals(requestOf(s))).count());
        crashing.close(); // the crash: no commit
        assertEquals(0, escalations(id));
        assertEquals("pending", deadlineState(id, "acknowledged", "community"));

        // the service comes back: a new engine, with nothing in memory, finds the deadline in the database
        // (large batches: deadlines left pending by earlier tests on this database come first)
        EscalationEngine restarted = new EscalationEngine(dataSource, config, 10_000, false, null);
        List<Escalations.Step> steps = restarted.runOnce();
        assertEquals(1, steps.stream().filter(s -> id.equals(requestOf(s))).count());
        assertEquals(0, restarted.runOnce().stream().filter(s -> id.equals(requestOf(s))).count());
        assertEquals(0, new EscalationEngine(replica, config, 10_000, false, null).runOnce().stream()
                .filter(s -> id.equals(requestOf(s))).count());
        assertEquals(1, escalations(id));
        assertEquals("escalated", deadlineState(id, "acknowledged", "community"));
        assertEquals("pending", deadlineState(id, "acknowledged", "street"));
        assertEquals(1, count("SELECT count(*) FROM notification WHERE request_id = ?::uuid AND level = 'street'", id));
        assertEquals(1, count("SELECT count(*) FROM timeline_entry WHERE request_id = ?::uuid AND kind = 'escalated'", id));
    }

    @Test
    void shouldEscalateEachDeadlineExactlyOnceWithTwoEnginesRunningAtOnce() throws Exception {
        int n = 40;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(Fixtures.raise("resident1", "chest-pain-stroke", Map.of()));
        }
        Thread.sleep(3500);
        for (int wave = 1; wave <= 2; wave++) {
            List<Integer> taken = twoEnginesDrain(ids);
            System.out.println("wave " + wave + ": the two engines escalated " + taken);
            assertEquals(n, taken.get(0) + taken.get(1), "wave " + wave + ": " + taken);
            for (String id : ids) {
                assertEquals(wave, escalations(id), "request " + id + " after wave " + wave);
            }
            if (wave == 1) {
                Thread.sleep(3500); // the street's new deadlines (3 s) pass
            }
        }
        assertEquals(0, count("SELECT count(*) FROM (SELECT deadline_id FROM escalation WHERE deadline_id IS NOT NULL "
                + "GROUP BY deadline_id HAVING count(*) > 1) d", null));
        for (String id : ids) {
            assertEquals(1, count("SELECT count(*) FROM notification WHERE request_id = ?::uuid AND level = 'district'", id));
        }
    }

    /** Both engines at once, small batches, until nothing of these requests is due; how many each escalated. */
    private List<Integer> twoEnginesDrain(List<String> ids) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (EscalationEngine engine : List.of(new EscalationEngine(dataSource, config, 3, false, null),
                    new EscalationEngine(otherReplica(), config, 3, false, null))) {
                Callable<Integer> work = () -> {
                    start.await();
                    int mine = 0;
                    List<Escalations.Step> steps;
                    do {
                        steps = engine.runOnce();
                        mine += (int) steps.stream().filter(s -> ids.contains(requestOf(s))).count();
                    } while (!steps.isEmpty() || due(ids) > 0);
                    return mine;
                };
                results.add(pool.submit(work));
            }
            start.countDown();
            return List.of(results.get(0).get(), results.get(1).get());
        } finally {
            pool.shutdownNow();
        }
    }

    private static String requestOf(Escalations.Step step) {
        return step.requestId().toString();
    }

    private long due(List<String> ids) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM request_deadline WHERE state = 'pending' "
                        + "AND due_at <= clock_timestamp() AND request_id = ANY (?::uuid[])")) {
            s.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private int escalations(String id) throws SQLException {
        return count("SELECT count(*) FROM escalation WHERE request_id = ?::uuid AND kind = 'automatic'", id);
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
