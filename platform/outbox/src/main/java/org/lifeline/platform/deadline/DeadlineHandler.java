package org.lifeline.platform.deadline;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What happens when a deadline of one {@link #kind()} is due. A service makes it an {@code @ApplicationScoped} bean;
 * the {@link DeadlineScheduler} finds every handler bean and fires each due deadline of its kind.
 *
 * <p>{@link #fire} runs in the worker's transaction, on its connection, while the worker holds the deadline's row
 * locked: everything the handler writes there (its domain change, its outbox events) commits together with the
 * deletion of the deadline, or not at all. So a deadline is fired once: a crash before the commit leaves it due for
 * the next worker, and no other worker can take it meanwhile. A handler must not commit or roll back itself.
 *
 * <p>A handler that throws is retried later (after {@code lifeline.deadline.retry-after}, growing with each
 * attempt, at most {@code lifeline.deadline.max-retry-after}): its work is rolled back to a savepoint, the other
 * deadlines of the batch go on. {@link Outcome#BUSY} puts the deadline back untouched for the next poll (for a
 * subject that someone else holds locked right now); it is not a failure.
 */
public interface DeadlineHandler {

    /** What a handler did with a deadline. */
    enum Outcome {
        /** Done: the deadline is deleted in the same transaction. */
        FIRED,
        /** The subject is busy (e.g. its row locked by another transaction): leave the deadline for the next poll. */
        BUSY
    }

    /** The kind this handler fires, e.g. {@code medical.stage-deadline}; one handler per kind. */
    String kind();

    /** Does what is due, in the worker's transaction (see the class comment). Throw to have it retried later. */
    Outcome fire(Connection connection, Deadline deadline) throws SQLException;

    /**
     * After the worker's transaction committed, with the deadlines of this kind it fired (never empty): for what
     * must not happen before the commit (a webhook, waking the outbox relay, a metric). Default: nothing.
     */
    default void afterCommit(List<Deadline> fired) {
    }
}
