package org.lifeline.medical.escalation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.lifeline.medical.config.MedicalConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The optional webhook of each notification: a POST of the notification (level, place, audience, message;
 * never medical details) to {@code medical.notify.webhook-url}, only if its host is one of
 * {@code medical.notify.allowed-hosts} (checked once at start-up; otherwise no call is ever made). Best
 * effort after the commit: the notification record is the source of truth, its {@code webhook_status}
 * says whether the call succeeded. Redirects are not followed, so an allowed host cannot send the call elsewhere.
 */
@ApplicationScoped
public class WebhookNotifier {

    private static final Logger LOG = Logger.getLogger(WebhookNotifier.class);

    @Inject
    MedicalConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper mapper;

    private volatile URI target;
    private HttpClient client;

    void start(@Observes StartupEvent event) {
        String url = config.notification().webhookUrl();
        if (url == null || url.isBlank() || "none".equals(url)) {
            return;
        }
        if (!allowed(url, config.notification().allowedHosts())) {
            LOG.errorf("medical.notify.webhook-url %s: host not in medical.notify.allowed-hosts %s; webhooks are off",
                    url, config.notification().allowedHosts());
            return;
        }
        target = URI.create(url);
        client = HttpClient.newBuilder().connectTimeout(config.notification().timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** http(s) URL whose host is exactly one of the allowed hosts (case-insensitive); no user info. */
    public static boolean allowed(String url, List<String> hosts) {
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getUserInfo() != null) {
                return false;
            }
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            return hosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).anyMatch(host::equals);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public boolean enabled() {
        return target != null;
    }

    /** Calls the webhook for these notifications, asynchronously, and records the outcome of each. */
    public void send(List<Long> notifications) {
        if (target == null) {
            return;
        }
        for (Long id : notifications) {
            Map<String, Object> body = load(id);
            if (body == null) {
                continue;
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(target).timeout(config.notification().timeout())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build();
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) ->
                        mark(id, error == null && response.statusCode() / 100 == 2 ? "sent" : "failed"));
            } catch (Exception e) {
                mark(id, "failed");
            }
        }
    }

    private Map<String, Object> load(long id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT request_id, level, place_code, audience, message, "
                        + "created_at FROM notification WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("notificationId", id);
                body.put("requestId", rs.getString(1));
                body.put("level", rs.getString(2));
                body.put("placeCode", rs.getString(3));
                body.put("audience", rs.getString(4));
                body.put("message", rs.getString(5));
                body.put("createdAt", rs.getObject(6, java.time.OffsetDateTime.class).toString());
                return body;
            }
        } catch (SQLException e) {
            LOG.warnf("Webhook: notification %d not readable: %s", id, e.getMessage());
            return null;
        }
    }

    private void mark(long id, String status) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE notification SET webhook_status = ? WHERE id = ?")) {
            s.setString(1, status);
            s.setLong(2, id);
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("Webhook: status of notification %d not recorded: %s", id, e.getMessage());
        }
    }
}
