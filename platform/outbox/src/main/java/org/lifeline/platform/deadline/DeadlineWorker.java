package org.lifeline.platform.deadline;

import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fires due deadlines ({@link Deadlines}): one batch per transaction. It claims up to {@code batchSize} deadlines
 * whose {@code next_attempt_at} is at or before the clock's time, of the kinds it has handlers for, oldest first,
 * with {@code FOR UPDATE SKIP LOCKED}: two workers (threads, replicas) never take the same deadline, and once one
 * commits, a fired deadline is gone. Each deadline goes to its handler under a savepoint; fired, it is deleted in the
 * same transaction; a handler that throws is rolled back to the savepoint and the deadline is moved to a later
 * attempt (backoff doubling from {@code retryAfter} up to {@code maxRetryAfter}), while the batch goes on. A crash
 * before the commit rolls everything back: the deadlines are due again for the next worker.
 *
 * <p>A plain class, not a bean, so a test can run several workers (on several connection pools) against one
 * database; {@link DeadlineScheduler} runs one in each replica.
 */
public class DeadlineWorker {

    private static final Logger LOG = Logger.getLogger(DeadlineWorker.class);

    /** What one batch did. */
    public record Batch(List<Deadline> fired, List<Deadline> failed, int claimed) {

        public boolean isEmpty() {
            return claimed == 0;
        }
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final Map<String, DeadlineHandler> handlers = new LinkedHashMap<>();
    private final int batchSize;
    private final Duration retryAfter;
    private final Duration maxRetryAfter;

    public DeadlineWorker(DataSource dataSource, Clock clock, Collection<? extends DeadlineHandler> handlers,
            int batchSize, Duration retryAfter, Duration maxRetryAfter) {
        this.dataSource = dataSource;
        this.clock = clock;
        for (DeadlineHandler handler : handlers) {
            DeadlineHandler earlier = this.handlers.put(handler.kind(), handler);
            if (earlier != null) {
                throw new IllegalStateException("two deadline handlers for kind " + handler.kind() + ": "
                        + earlier.getClass().getName() + " and " + handler.getClass().getName());
            }
        }
        this.batchSize = batchSize;
        this.retryAfter = retryAfter;
        this.maxRetryAfter = maxRetryAfter;
    }

    public int batchSize() {
        return batchSize;
    }

    /** One batch in its own transaction, then each handler's {@link DeadlineHandler#afterCommit}. */
    public Batch runOnce() throws SQLException {
        Batch batch;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                batch = fireDue(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        Map<String, List<Deadline>> byKind = new LinkedHashMap<>();
        batch.fired().forEach(d -> byKind.computeIfAbsent(d.kind(), k -> new ArrayList<>()).add(d));
        byKind.forEach((kind, fired) -> {
            try {
                handlers.get(kind).afterCommit(fired);
            } catch (RuntimeException e) {
                LOG.warnf("Deadlines: after the commit of %d %s: %s", fired.size(), kind, e.toString());
            }
        });
        return batch;
    }

    /**
     * The work of one batch in the caller's transaction (not committed here, no {@code afterCommit}): claims the
     * due deadlines and fires each. For a test that plays a worker dying before its commit.
     */
    public Batch fireDue(Connection c) throws SQLException {
        if (handlers.isEmpty()) {
            return new Batch(List.of(), List.of(), 0);
        }
        Instant now = clock.instant();
        List<Deadline> due = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, kind, subject, due_at, attempts FROM deadline "
                + "WHERE next_attempt_at <= ? AND kind = ANY (?) ORDER BY next_attempt_at, id LIMIT ? "
                + "FOR UPDATE SKIP LOCKED")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setArray(2, c.createArrayOf("varchar", handlers.keySet().toArray()));
            s.setInt(3, batchSize);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    due.add(new Deadline(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant(), rs.getInt(5)));
                }
            }
        }
        List<Deadline> fired = new ArrayList<>();
        List<Deadline> failed = new ArrayList<>();
        for (Deadline d : due) {
            Savepoint savepoint = c.setSavepoint();
            try {
                if (handlers.get(d.kind()).fire(c, d) == DeadlineHandler.Outcome.FIRED) {
                    delete(c, d.id());
                    fired.add(d);
                }
                c.releaseSavepoint(savepoint);
            } catch (SQLException | RuntimeException e) {
                c.rollback(savepoint);
                Duration wait = backoff(d.attempts());
                LOG.warnf("Deadline %s %s (id %d, attempt %d) failed: %s; retried in %s", d.kind(), d.subject(), d.id(),
                        d.attempts() + 1, e.toString(), wait);
                retryLater(c, d.id(), now.plus(wait), e.toString());
                failed.add(d);
            }
        }
        return new Batch(fired, failed, due.size());
    }

    /** {@code retryAfter} doubled per earlier failure, at most {@code maxRetryAfter}. */
    Duration backoff(int attempts) {
        Duration wait = retryAfter;
        for (int i = 0; i < attempts && wait.compareTo(maxRetryAfter) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : wait;
    }

    private static void delete(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM deadline WHERE id = ?")) {
            s.setLong(1, id);
            s.executeUpdate();
        }
    }

    private static void retryLater(Connection c, long id, Instant at, String error) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE deadline SET attempts = attempts + 1, next_attempt_at = ?, "
                + "last_error = ? WHERE id = ?")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setString(2, error.length() > 1000 ? error.substring(0, 1000) : error);
            s.setLong(3, id);
            s.executeUpdate();
        }
    }
}
