package org.lifeline.medical.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.lifeline.medical.client.WebhookClient;
import org.lifeline.medical.repository.NotificationRepository;
import org.lifeline.platform.jdbc.Transactions;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * After a commit, the webhook of each notification written (level, place, audience, message; never medical
 * details), and its outcome in {@code notification.webhook_status} (sent or failed).
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
            body.ifPresent(b -> client.post(b, ok -> mark(id, ok ? "sent" : "failed")));
        }
    }

    private void mark(long id, String status) {
        try {
            tx.read(c -> {
                notifications.webhookStatus(c, id, status);
                return null;
            });
        } catch (IllegalStateException e) {
            LOG.warnf("Webhook: status of notification %d not recorded: %s", id, e.getMessage());
        }
    }
}
