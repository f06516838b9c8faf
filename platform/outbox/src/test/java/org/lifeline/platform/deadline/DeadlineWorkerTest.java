package org.lifeline.platform.deadline;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.platform.time.OffsetClock;
import org.lifeline.servers.PostgresServer;
import org.lifeline.servers.SharedServers;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Durable deadlines against a real PostgreSQL (the shared test servers, database {@code platform_deadlines} with the
 * platform's own migration): due deadlines fire once, two workers never fire the same one, a cancelled one never
 * fires, a failing handler is retried later without holding up the others. Time moves with an {@link OffsetClock}.
 */
class DeadlineWorkerTest {

    private static final String KIND = "test.due";
    private static PGSimpleDataSource replicaA;
    private static PGSimpleDataSource replicaB;

    private final OffsetClock clock = new OffsetClock();
    /** Subjects whose handler fails while their count is above zero. */
    private final ConcurrentHashMap<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    /** Writes what it fired to {@code fired}, in the worker's transaction; fails or is busy when told to. */
    private final DeadlineHandler handler = new DeadlineHandler() {
        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public Outcome fire(Connection c, Deadline d) throws SQLException {
            if (busy.contains(d.subject())) {
                return Outcome.BUSY;
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO fired (subject, due_at, attempts) VALUES (?, ?, ?)")) {
                s.setString(1, d.subject());
                s.setObject(2, java.sql.Timestamp.from(d.dueAt()));
                s.setInt(3, d.attempts());
                s.executeUpdate();
            }
            AtomicInteger left = failures.get(d.subject());
            if (left != null && left.getAndDecrement() > 0) {
                throw new IllegalStateException("handler failure for " + d.subject());
            }
            return Outcome.FIRED;
        }
    };

    @BeforeAll
    static void database() throws Exception {
        String url = SharedServers.jdbcUrl("platform_deadlines");
        replicaA = dataSource(url);
        replicaB = dataSource(url);
        String migration;
        try (InputStream in = DeadlineWorkerTest.class.getResourceAsStream("/db/platform/V0_4__platform_deadlines.sql")) {
            migration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = replicaA.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS deadline, fired");
            s.execute(migration);
            s.execute("CREATE TABLE fired (id bigserial PRIMARY KEY, subject varchar(200) NOT NULL, "
                    + "due_at timestamptz NOT NULL, attempts int NOT NULL)");
        }
    }

    private static PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser(PostgresServer.USER);
        ds.setPassword("postgres");
        return ds;
    }

    @BeforeEach
    void empty() throws SQLException {
        sql("TRUNCATE deadline, fired");
    }

    private DeadlineWorker worker(PGSimpleDataSource on, int batchSize) {
        return new DeadlineWorker(on, clock, List.of(handler), batchSize, Duration.ofSeconds(10), Duration.ofMinutes(1));
    }

    @Test
    void shouldFireADueDeadlineOnceAndALaterOneOnlyWhenTheClockReachesIt() throws Exception {
        Instant now = clock.instant();
        schedule("early", now.minusSeconds(5));
        schedule("now", now);
        schedule("later", now.plus(Duration.ofHours(1)));
        DeadlineWorker worker = worker(replicaA, 100);

        assertEquals(List.of("early", "now"), subjects(worker.runOnce().fired()));
        assertTrue(worker.runOnce().isEmpty(), "nothing is due any more");
        assertEquals(List.of("early", "now"), firedSubjects());
        assertEquals(1, count("SELECT count(*) FROM deadline"), "only the later one is left");

        clock.advance(Duration.ofMinutes(59));
        assertTrue(worker.runOnce().isEmpty(), "a minute before it is due");
        clock.advance(Duration.ofMinutes(1));
        DeadlineWorker.Batch batch = worker.runOnce();
        assertEquals(List.of("later"), subjects(batch.fired()));
        assertEquals(now.plus(Duration.ofHours(1)).toEpochMilli(), batch.fired().get(0).dueAt().toEpochMilli(),
                "the handler sees the time it was due");
        assertTrue(worker.runOnce().isEmpty());
        assertEquals(List.of("early", "now", "later"), firedSubjects());
        assertEquals(0, count("SELECT count(*) FROM deadline"));
    }

    @Test
    void shouldMoveADeadlineScheduledAgainInsteadOfAddingOne() throws Exception {
        Instant now = clock.instant();
        schedule("ticket-1", now.minusSeconds(1));
        schedule("ticket-1", now.plus(Duration.ofMinutes(30)));
        DeadlineWorker worker = worker(replicaA, 100);
        assertTrue(worker.runOnce().isEmpty(), "moved to later");
        clock.advance(Duration.ofMinutes(30));
        assertEquals(List.of("ticket-1"), subjects(worker.runOnce().fired()));
        assertEquals(List.of("ticket-1"), firedSubjects());
    }

    @Test
    void shouldLeaveADeadlineAnotherWorkerHoldsAndFireItOnceAfterThatWorkerDiesBeforeItsCommit() throws Exception {
        schedule("claimed", clock.instant().minusSeconds(1));
        Connection dying = replicaA.getConnection();
        dying.setAutoCommit(false);
        assertEquals(List.of("claimed"), subjects(worker(replicaA, 100).fireDue(dying).fired()));

        DeadlineWorker other = worker(replicaB, 100);
        assertTrue(other.runOnce().isEmpty(), "the other replica skips the locked deadline");

        dying.close(); // no commit: PostgreSQL rolls the claim and the handler's work back
        assertEquals(List.of(), firedSubjects());
        assertEquals(List.of("claimed"), subjects(other.runOnce().fired()));
        assertTrue(other.runOnce().isEmpty());
        assertTrue(worker(replicaA, 100).runOnce().isEmpty());
        assertEquals(List.of("claimed"), firedSubjects());
    }

    @Test
    void shouldNeverFireTheSameDeadlineTwiceWithTwoWorkersDrainingAtOnce() throws Exception {
        int n = 300;
        Instant due = clock.instant().minusSeconds(1);
        try (Connection c = replicaA.getConnection()) {
            c.setAutoCommit(false);
            for (int i = 0; i < n; i++) {
                Deadlines.schedule(c, KIND, "s" + i, due);
            }
            c.commit();
        }
        List<Integer> taken = drainConcurrently(worker(replicaA, 7), worker(replicaB, 7));
        System.out.println("two workers fired " + taken);
        assertEquals(n, taken.get(0) + taken.get(1));
        assertEquals(n, count("SELECT count(*) FROM fired"));
        assertEquals(n, count("SELECT count(DISTINCT subject) FROM fired"), "no deadline fired twice");
        assertEquals(0, count("SELECT count(*) FROM deadline"));
    }

    @Test
    void shouldNeverFireACancelledDeadline() throws Exception {
        Instant now = clock.instant();
        schedule("cancelled-later", now.plus(Duration.ofMinutes(5)));
        schedule("cancelled-when-due", now.minusSeconds(1));
        schedule("kept", now.plus(Duration.ofMinutes(5)));
        try (Connection c = replicaA.getConnection()) {
            c.setAutoCommit(false);
            assertTrue(Deadlines.cancel(c, KIND, "cancelled-later"));
            assertTrue(Deadlines.cancel(c, KIND, "cancelled-when-due"));
            assertFalse(Deadlines.cancel(c, KIND, "never-scheduled"));
            Deadlines.schedule(c, KIND, "cancelled-in-its-own-transaction", now.minusSeconds(1));
            assertEquals(1, Deadlines.cancel(c, KIND, List.of("cancelled-in-its-own-transaction", "unknown")));
            c.commit();
        }
        DeadlineWorker worker = worker(replicaA, 100);
        assertTrue(worker.runOnce().isEmpty());
        clock.advance(Duration.ofHours(1));
        assertEquals(List.of("kept"), subjects(worker.runOnce().fired()));
        assertTrue(worker.runOnce().isEmpty());
        assertEquals(List.of("kept"), firedSubjects());
    }

    @Test
    void shouldRetryAFailingHandlerLaterWithoutHoldingUpTheOthers() throws Exception {
        Instant now = clock.instant();
        schedule("a", now.minusSeconds(3));
        schedule("failing", now.minusSeconds(2));
        schedule("b", now.minusSeconds(1));
        failures.put("failing", new AtomicInteger(2));
        DeadlineWorker worker = worker(replicaA, 100);

        DeadlineWorker.Batch first = worker.runOnce();
        assertEquals(List.of("a", "b"), subjects(first.fired()), "the others fire in the same batch");
        assertEquals(List.of("failing"), subjects(first.failed()));
        assertEquals(List.of("a", "b"), firedSubjects(), "the failed handler's writes were rolled back");
        assertEquals(1, count("SELECT attempts FROM deadline WHERE subject = 'failing'"));
        assertTrue(text("SELECT last_error FROM deadline WHERE subject = 'failing'").contains("handler failure for failing"));

        assertTrue(worker.runOnce().isEmpty(), "not retried at once");
        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of("failing"), subjects(worker.runOnce().failed()), "retried after 10 s, fails again");
        clock.advance(Duration.ofSeconds(10));
        assertTrue(worker.runOnce().isEmpty(), "the second wait is doubled");
        clock.advance(Duration.ofSeconds(10));
        DeadlineWorker.Batch third = worker.runOnce();
        assertEquals(List.of("failing"), subjects(third.fired()));
        assertEquals(2, third.fired().get(0).attempts());
        assertEquals(List.of("a", "b", "failing"), firedSubjects());
        assertEquals(0, count("SELECT count(*) FROM deadline"));
    }

    @Test
    void shouldLeaveABusySubjectForTheNextPollWithoutCountingAFailure() throws Exception {
        schedule("busy", clock.instant().minusSeconds(1));
        busy.add("busy");
        DeadlineWorker worker = worker(replicaA, 100);
        DeadlineWorker.Batch batch = worker.runOnce();
        assertEquals(1, batch.claimed());
        assertTrue(batch.fired().isEmpty() && batch.failed().isEmpty());
        assertEquals(0, count("SELECT attempts FROM deadline WHERE subject = 'busy'"));
        busy.clear();
        assertEquals(List.of("busy"), subjects(worker.runOnce().fired()));
    }

    @Test
    void shouldLeaveKindsWithoutAHandlerAlone() throws Exception {
        try (Connection c = replicaA.getConnection()) {
            Deadlines.schedule(c, "other.kind", "x", clock.instant().minusSeconds(1));
        }
        assertTrue(worker(replicaA, 100).runOnce().isEmpty());
        assertEquals(1, count("SELECT count(*) FROM deadline WHERE kind = 'other.kind'"));
    }

    /** Both workers at once, until nothing is due; how many each fired. */
    private List<Integer> drainConcurrently(DeadlineWorker a, DeadlineWorker b) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (DeadlineWorker worker : List.of(a, b)) {
                Callable<Integer> work = () -> {
                    start.await();
                    int mine = 0;
                    DeadlineWorker.Batch batch;
                    do {
                        batch = worker.runOnce();
                        mine += batch.fired().size();
                    } while (!batch.isEmpty() || count("SELECT count(*) FROM deadline") > 0);
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

    private void schedule(String subject, Instant dueAt) throws SQLException {
        try (Connection c = replicaA.getConnection()) {
            Deadlines.schedule(c, KIND, subject, dueAt);
        }
    }

    private static List<String> subjects(List<Deadline> deadlines) {
        return deadlines.stream().map(Deadline::subject).toList();
    }

    private static List<String> firedSubjects() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = replicaA.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT subject FROM fired ORDER BY id");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static int count(String sql) throws SQLException {
        try (Connection c = replicaA.getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String text(String sql) throws SQLException {
        try (Connection c = replicaA.getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void sql(String sql) throws SQLException {
        try (Connection c = replicaA.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

}
