package org.lifeline.hotline.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.lifeline.hotline.config.HotlineConfig;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Residents' phone lookup ({@code POST /api/residents/lookup/phone}, body {@code {phone}} → the households with that
 * number), called for webhook messages with the hotline's own Keycloak client (client credentials,
 * {@code hotline.keycloak.*}). Wrapped in a timeout and a circuit breaker: residents slow or down costs the webhook at
 * most {@code hotline.residents.timeout} per call, then nothing while the breaker is open; the caller keeps the
 * message unmatched (never dropped). Without a client secret it does not call at all ({@link Unavailable}).
 */
@ApplicationScoped
@Timeout(5_000)
@CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10_000)
public class ResidentsPhoneLookup {

    /** A household residents found for a phone number. */
    public record Match(UUID householdId, String householdCode, String placePath) {
    }

    /** The lookup could not be made (not configured, residents or Keycloak down or refusing). */
    public static class Unavailable extends RuntimeException {
        public Unavailable(String reason) {
            super(reason);
        }
    }

    private record Token(String value, Instant expires) {
    }

    @Inject
    HotlineConfig config;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String authServerUrl;

    private volatile HttpClient http;
    private volatile Token token;

    public List<Match> byPhone(String phone) {
        if (config.keycloak().clientSecret().filter(s -> !s.isBlank()).isEmpty()) {
            throw new Unavailable("hotline.keycloak.client-secret not set");
        }
        try {
            HttpResponse<String> response = client().send(HttpRequest.newBuilder(URI.create(config.residents().url()
                            + "/api/residents/lookup/phone")).timeout(config.residents().timeout())
                    .header("Authorization", "Bearer " + token()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(Map.of("phone", phone)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new Unavailable("residents answered " + response.statusCode());
            }
            List<Match> matches = new ArrayList<>();
            for (JsonNode n : mapper.readTree(response.body())) {
                matches.add(new Match(UUID.fromString(n.path("householdId").asText()), n.path("householdCode").asText(),
                        n.path("placePath").asText()));
            }
            return matches;
        } catch (IOException e) {
            throw new Unavailable("residents: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
    }

    private String token() throws IOException, InterruptedException {
        Token t = token;
        if (t != null && t.expires().isAfter(Instant.now().plusSeconds(30))) {
            return t.value();
        }
        String base = config.keycloak().url().filter(s -> !s.isBlank())
                .map(u -> u + "/realms/" + config.keycloak().realm()).orElse(authServerUrl);
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(config.keycloak().clientId(),
                StandardCharsets.UTF_8) + "&client_secret=" + URLEncoder.encode(config.keycloak().clientSecret().get(),
                StandardCharsets.UTF_8);
        HttpResponse<String> response = client().send(HttpRequest.newBuilder(URI.create(base + "/protocol/openid-connect/token"))
                .timeout(config.residents().timeout()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new Unavailable("Keycloak answered " + response.statusCode());
        }
        JsonNode body = mapper.readTree(response.body());
        Token fresh = new Token(body.path("access_token").asText(), Instant.now().plusSeconds(body.path("expires_in").asLong(60)));
        token = fresh;
        return fresh.value();
    }

    private HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(config.residents().timeout()).build();
        }
        return http;
    }
}
