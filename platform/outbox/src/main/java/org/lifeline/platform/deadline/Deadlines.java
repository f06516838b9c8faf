package org.lifeline.platform.deadline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Durable deadlines: "when {@code dueAt} has passed, fire {@code kind} for {@code subject}". The one way a service
 * schedules something to happen later (an SLA, a reminder, an escalation): no timer in memory, so a restart, a crash
 * or a second replica loses nothing and fires nothing twice.
 *
 * <ul>
 *   <li>{@link #schedule} and {@link #cancel} write in the caller's transaction, on its connection, so a deadline
 *       exists exactly when the change that needs it committed (a request raised, a ticket opened).</li>
 *   <li>A deadline is identified by {@code (kind, subject)}: scheduling it again moves it to the new time (and
 *       forgets earlier failures); the subject is the caller's id as text (a UUID, a row id).</li>
 *   <li>When due, {@link DeadlineScheduler} (every {@code lifeline.deadline.poll-interval}, in every replica) claims
 *       it with {@code FOR UPDATE SKIP LOCKED} and gives it to the {@link DeadlineHandler} bean of its kind, in a
 *       transaction that also deletes it; a failing handler is retried later, without holding up the others.</li>
 *   <li>Time is the injected {@link java.time.Clock}: the scheduler compares {@code next_attempt_at} with the
 *       clock's time, so a test moves an {@link org.lifeline.platform.time.OffsetClock} instead of sleeping.
 *       Compute {@code dueAt} from the same clock.</li>
 * </ul>
 *
 * <p>Example (hotline: a ticket's first response is due in 30 minutes, and is no longer once answered):
 * <pre>{@code
 * tx.run(c -> {
 *     tickets.insert(c, ticket);
 *     Deadlines.schedule(c, "hotline.first-response", ticket.id().toString(), clock.instant().plus(sla));
 * });
 * ...
 * tx.run(c -> { tickets.answer(c, id); Deadlines.cancel(c, "hotline.first-response", id.toString()); });
 *
 * @ApplicationScoped
 * class FirstResponseOverdue implements DeadlineHandler {
 *     public String kind() { return "hotline.first-response"; }
 *     public Outcome fire(Connection c, Deadline d) throws SQLException {
 *         tickets.escalate(c, UUID.fromString(d.subject()), d.dueAt());   // and its outbox event
 *         return Outcome.FIRED;
 *     }
 * }
 * }</pre>
 *
 * <p>The table is the platform's ({@code db/platform} Flyway location, {@code V0_4__platform_deadlines.sql}).
 */
public final class Deadlines {

    private Deadlines() {
    }

    /**
     * Schedules (or moves) the deadline {@code (kind, subject)} to {@code dueAt}, in the connection's transaction.
     *
     * @return the deadline's id
     */
    public static long schedule(Connection connection, String kind, String subject, Instant dueAt) throws SQLException {
        check(kind, subject);
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO deadline (kind, subject, due_at, next_attempt_at) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (kind, subject) DO UPDATE SET due_at = EXCLUDED.due_at, "
                + "next_attempt_at = EXCLUDED.next_attempt_at, attempts = 0, last_error = NULL RETURNING id")) {
            s.setString(1, kind);
            s.setString(2, subject);
            s.setTimestamp(3, Timestamp.from(dueAt));
            s.setTimestamp(4, Timestamp.from(dueAt));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Cancels the deadline {@code (kind, subject)}, in the connection's transaction: once committed it never fires.
     * A worker firing it at this moment holds its row: the cancel waits for that transaction and then finds
     * nothing, so a caller that must know reads the return value.
     *
     * @return whether there was such a deadline
     */
    /** {@link #schedule} for many subjects of one kind in one statement (subject → due). */
    public static void scheduleAll(Connection connection, String kind, java.util.Map<String, Instant> due) throws SQLException {
        if (due.isEmpty()) {
            return;
        }
        List<String> subjects = new java.util.ArrayList<>(due.size());
        List<Timestamp> at = new java.util.ArrayList<>(due.size());
        for (java.util.Map.Entry<String, Instant> e : due.entrySet()) {
            check(kind, e.getKey());
            subjects.add(e.getKey());
            at.add(Timestamp.from(e.getValue()));
        }
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO deadline (kind, subject, due_at, next_attempt_at) "
                + "SELECT ?, d.subject, d.due, d.due FROM unnest(?::varchar[], ?::timestamptz[]) AS d (subject, due) "
                + "ON CONFLICT (kind, subject) DO UPDATE SET due_at = EXCLUDED.due_at, "
                + "next_attempt_at = EXCLUDED.next_attempt_at, attempts = 0, last_error = NULL")) {
            s.setString(1, kind);
            s.setArray(2, connection.createArrayOf("varchar", subjects.toArray()));
            s.setArray(3, connection.createArrayOf("timestamptz", at.toArray()));
            s.executeUpdate();
        }
    }

    public static boolean cancel(Connection connection, String kind, String subject) throws SQLException {
        return cancel(connection, kind, List.of(subject)) > 0;
    }

    /** {@link #cancel(Connection, String, String)} for several subjects of one kind; how many there were. */
    public static int cancel(Connection connection, String kind, Collection<String> subjects) throws SQLException {
        if (subjects.isEmpty()) {
            return 0;
        }
        try (PreparedStatement s = connection.prepareStatement("DELETE FROM deadline WHERE kind = ? AND subject = ANY (?)")) {
            s.setString(1, kind);
            s.setArray(2, connection.createArrayOf("varchar", subjects.toArray()));
            return s.executeUpdate();
        }
    }

    private static void check(String kind, String subject) {
        if (kind == null || kind.isBlank() || kind.length() > 100) {
            throw new IllegalArgumentException("deadline kind must be 1 to 100 characters: " + kind);
        }
        if (subject == null || subject.isBlank() || subject.length() > 200) {
            throw new IllegalArgumentException("deadline subject must be 1 to 200 characters: " + subject);
        }
    }
}
