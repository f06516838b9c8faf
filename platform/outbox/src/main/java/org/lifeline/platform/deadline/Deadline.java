package org.lifeline.platform.deadline;

import java.time.Instant;

/**
 * A due deadline as its {@link DeadlineHandler} receives it.
 *
 * @param id the row's id (for logs)
 * @param kind the handler's kind, e.g. {@code medical.stage-deadline}
 * @param subject what it is about, in the handler's own terms (an id as text)
 * @param dueAt when it was due, as scheduled (not when it fired; a handler that reports delays uses this)
 * @param attempts failed attempts before this one (0 the first time)
 */
public record Deadline(long id, String kind, String subject, Instant dueAt, int attempts) {
}
