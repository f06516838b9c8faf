package org.lifeline.medical.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.deadline.Deadline;
import org.lifeline.platform.deadline.DeadlineHandler;
import org.lifeline.platform.deadline.Deadlines;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The webhook of a notification written where nothing runs after the commit (the inbox consumer's transaction: a
 * request raised from a hotline ticket): {@link #schedule} puts a platform deadline (kind {@value #KIND}, subject the
 * notification id, due now) in that transaction; the deadline worker fires it once after that commit and calls the
 * webhook after its own. Nothing is scheduled when the webhook is off.
 */
@ApplicationScoped
public class WebhookDeadlineHandler implements DeadlineHandler {

    public static final String KIND = "medical.notification-webhook";

    @Inject
    WebhookNotifier webhook;

    /** The notification's webhook, once the connection's transaction commits (when the webhook is on). */
    public void schedule(Connection c, long notification, Instant now) throws SQLException {
        if (webhook.enabled()) {
            Deadlines.schedule(c, KIND, Long.toString(notification), now);
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Outcome fire(Connection connection, Deadline deadline) {
        return Outcome.FIRED; // the call itself waits for the commit (afterCommit)
    }

    @Override
    public void afterCommit(List<Deadline> fired) {
        webhook.send(fired.stream().map(d -> Long.parseLong(d.subject())).toList());
    }
}
