package org.lifeline.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.lifeline.servers.Tokens;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A small JSON-over-HTTP client for the fault tests (java.net.http, with a timeout on every call). */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1).build();

    /** An answer, or the I/O failure that stood for one (status 0). */
    record Answer(int status, String body, HttpResponse<String> response, Exception failure) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return response == null ? null : response.headers().firstValue(name).orElse(null);
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return failure != null ? failure.toString() : status + " " + body;
        }
    }

    private Http() {
    }

    static Answer get(String url, String token, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
                .header("Accept-Language", "en");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    static Answer post(String url, String token, Object body, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept-Language", "en");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        try {
            b.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return send(b.build());
    }

    static Answer send(HttpRequest request) {
        return send(CLIENT, request);
    }

    /**
     * A client with no pooled connection: what it sends goes over a connection opened now, so an
     * outage test sees what a new caller sees, not a keep-alive connection set up before the cut.
     */
    static HttpClient newClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1).build();
    }

    static Answer send(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r, null);
        } catch (IOException e) {
            return new Answer(0, null, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, null, null, e);
        }
    }

    /** A password-grant sign-in of a demo user at the Keycloak at {@code keycloakUrl}. */
    static Answer signIn(String keycloakUrl, String username) {
        return signIn(CLIENT, keycloakUrl, username);
    }

    static Answer signIn(HttpClient client, String keycloakUrl, String username) {
        Map<String, String> form = Map.of("grant_type", "password", "client_id", "lifeline-cli", "username", username,
                "password", Tokens.DEMO_PASSWORD, "scope", "openid");
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(client, HttpRequest.newBuilder(URI.create(keycloakUrl + "/realms/lifeline/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static String token(String keycloakUrl, String username) {
        Answer a = signIn(keycloakUrl, username);
        if (a.status() != 200) {
            throw new IllegalStateException("no token for " + username + ": " + a);
        }
        return a.json().path("access_token").asText();
    }

    /** City to unit under staff1's community 610113001001 (admin1 creates them); returns the unit code. */
    static String unitUnderCommunity1(String residentsUrl, String adminToken, String compoundSuffix) {
        String community = "610113001001";
        String compound = community + "-F" + compoundSuffix;
        String[][] places = { { "6101", "西安市", "city", null }, { "610113", "雁塔区", "district", "6101" },
                { "610113001", "电子城街道", "street", "610113" }, { community, "电子城社区", "community", "610113001" },
                { compound, "故障小区", "compound", community }, { compound + "-01", "1号楼", "building", compound },
                { compound + "-01-1", "1单元", "unit", compound + "-01" } };
        for (String[] p : places) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("code", p[0]);
            body.put("name", p[1]);
            body.put("level", p[2]);
            if (p[3] != null) {
                body.put("parentCode", p[3]);
            }
            Answer a = post(residentsUrl + "/api/residents/places", adminToken, body, Map.of(), Duration.ofSeconds(20));
            if (a.status() != 201 && a.status() != 409) {
                throw new IllegalStateException("cannot create place " + p[0] + ": " + a);
            }
        }
        return compound + "-01-1";
    }
}
