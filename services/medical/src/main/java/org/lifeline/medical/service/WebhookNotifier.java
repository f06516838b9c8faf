package org.lifeline.medical.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.lifeline.medical.config.MedicalConfig;
import org.lifeline.platform.deadline.Deadlines;
import org.lifeline.medical.client.WebhookClient;
import org.lifeline.medical.repository.NotificationRepository;
import org.lifeline.platform.jdbc.Transactions;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * After a commit, the webhook of each notification written (level, place, audience, message; never medical
 * details), and its outcome in {@code notification.webhook_status} (sent, pending while retries are due, or failed).
 */
@ApplicationScoped
public class WebhookNotifier {

    private static final Logger LOG = Logger.getLogger(WebhookNotifier.class);

    @Inject
    WebhookClient client;

    @Inject
    NotificationRepository notifications;

    @Inject
    Transactions tx;

    @Inject
    MedicalConfig config;

    @Inject
    Clock clock;

    /** Whether notifications get a webhook call (their status starts as pending). */
    public boolean enabled() {
        return client.enabled();
    }

    public void send(List<Long> ids) {
        if (!client.enabled()) {
            return;
        }
        for (Long id : ids) {
            Optional<Map<String, Object>> body;
            try {
                body = tx.read(c -> notifications.webhookBody(c, id));
            } catch (IllegalStateException e) {
                LOG.warnf("Webhook: notification %d not readable: %s", id, e.getMessage());
                continue;
            }
            body.ifPresent(b -> client.post(b, ok -> mark(id, ok)));
        }
    }

    /**
     * The outcome of one call: sent; or, after a failed call, due again after {@code notify.retry-after} (doubled per
     * failed call, at most {@code notify.max-retry-after}) through a platform deadline, so a retry survives a restart;
     * failed after {@code notify.max-attempts} calls.
     */
    private void mark(long id, boolean ok) {
        try {
            tx.call(c -> {
                int attempts = notifications.webhookAttempted(c, id);
                if (ok) {
                    notifications.webhookStatus(c, id, "sent");
                } else if (attempts >= config.notification().maxAttempts()) {
                    notifications.webhookStatus(c, id, "failed");
                    LOG.warnf("Webhook: notification %d failed %d times; given up (the notification stays on record)", id,
                            attempts);
                } else {
                    Duration wait = config.notification().retryAfter().multipliedBy(1L << Math.min(attempts - 1, 20));
                    if (wait.compareTo(config.notification().maxRetryAfter()) > 0) {
                        wait = config.notification().maxRetryAfter();
                    }
                    Deadlines.schedule(c, WebhookDeadlineHandler.KIND, Long.toString(id), clock.instant().plus(wait));
                    LOG.infof("Webhook: notification %d failed (call %d); retried in %s", id, attempts, wait);
                }
                return null;
            });
        } catch (IllegalStateException e) {
            LOG.warnf("Webhook: outcome of notification %d not recorded: %s", id, e.getMessage());
        }
    }
}
