package org.lifeline.servers;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Real access tokens from the real Keycloak, for tests: demo users (password grant through the
 * {@code lifeline-cli} client) and partner clients (client credentials). Demo users' password is
 * {@link #DEMO_PASSWORD}, as documented in the README.
 */
public final class Tokens {

    public static final String DEMO_PASSWORD = "lifeline";
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private record Cached(String token, long fetchedAt) {
        boolean fresh() {
            return System.nanoTime() - fetchedAt < Duration.ofSeconds(120).toNanos();
        }
    }

    private Tokens() {
    }

    /** An access token of a demo user, e.g. {@code staff1}. */
    public static String of(String username) {
        return cached("user:" + username, () -> fetch(Map.of("grant_type", "password", "client_id", "lifeline-cli",
                "username", username, "password", DEMO_PASSWORD, "scope", "openid")));
    }

    /** An access token of a partner client (client credentials). */
    public static String ofClient(String clientId, String secret) {
        return cached("client:" + clientId, () -> fetch(Map.of("grant_type", "client_credentials",
                "client_id", clientId, "client_secret", secret)));
    }

    private static String cached(String key, java.util.function.Supplier<String> fetch) {
        Cached cached = CACHE.get(key);
        if (cached != null && cached.fresh()) {
            return cached.token();
        }
        String token = fetch.get();
        CACHE.put(key, new Cached(token, System.nanoTime()));
        return token;
    }

    private static String fetch(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(SharedServers.realmUrl() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(20))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher matcher = ACCESS_TOKEN.matcher(response.body());
            if (response.statusCode() != 200 || !matcher.find()) {
                throw new IllegalStateException("Keycloak refused a token for " + form.get("username") + "/"
                        + form.get("client_id") + ": " + response.statusCode() + " " + response.body());
            }
            return matcher.group(1);
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak unreachable at " + SharedServers.realmUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
