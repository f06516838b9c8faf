package org.lifeline.medical.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The notification webhook, {@code medical.notify.webhook-url}: called only if its host is one of
 * {@code medical.notify.allowed-hosts} (checked once at start-up; otherwise no call is ever made, and the service
 * logs an error). Redirects are not followed, so an allowed host cannot send the call elsewhere; timeout
 * {@code medical.notify.timeout}. Best effort: no retry (the notification record is the source of truth).
 */
@ApplicationScoped
public class WebhookClient {

    private static final Logger LOG = Logger.getLogger(WebhookClient.class);

    @Inject
    MedicalConfig config;

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

    /** POSTs the body asynchronously; {@code outcome} gets whether the endpoint answered 2xx. */
    public void post(Map<String, Object> body, Consumer<Boolean> outcome) {
        if (target == null) {
            return;
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(target).timeout(config.notification().timeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) ->
                    outcome.accept(error == null && response.statusCode() / 100 == 2));
        } catch (JsonProcessingException | RuntimeException e) {
            outcome.accept(false);
        }
    }
}
