package org.lifeline.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.lifeline.servers.SharedServers;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The realm file lets the portal client come back only to {@code http://localhost:8080/*} (the local stack).
 * The tests' gateway runs on a free port, so the test adds exactly that origin to the {@code lifeline-portal}
 * client of the running Keycloak through its Admin REST API (as an operator would for a new host), and takes
 * it away afterwards. The realm file itself stays narrow.
 */
final class KeycloakPortalClient {

    private final String base = SharedServers.keycloakUrl();

    private String adminToken() {
        HttpResponse<String> response = Stack.send(HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Stack.form(Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", "admin", "password", "admin"))))
                .timeout(Duration.ofSeconds(20)).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak admin token refused: " + response.statusCode() + " " + response.body());
        }
        try {
            return Stack.JSON.readTree(response.body()).get("access_token").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds (or removes) the origin's redirect URI, logout redirect and web origin on lifeline-portal. */
    void allow(String origin, boolean allow) {
        String token = adminToken();
        String clients = base + "/admin/realms/lifeline/clients";
        try {
            JsonNode found = Stack.JSON.readTree(Stack.send(HttpRequest.newBuilder(URI.create(clients + "?clientId=lifeline-portal"))
                    .header("Authorization", "Bearer " + token).GET().build()).body());
            ObjectNode client = (ObjectNode) found.get(0);
            String id = client.get("id").asText();
            ArrayNode redirects = (ArrayNode) client.withArray("redirectUris");
            ArrayNode origins = (ArrayNode) client.withArray("webOrigins");
            ObjectNode attributes = (ObjectNode) client.with("attributes");
            String redirect = origin + "/*";
            removeText(redirects, redirect);
            removeText(origins, origin);
            String logout = attributes.path("post.logout.redirect.uris").asText("");
            logout = String.join("##", java.util.Arrays.stream(logout.split("##"))
                    .filter(s -> !s.isBlank() && !s.equals(redirect)).toList());
            if (allow) {
                redirects.add(redirect);
                origins.add(origin);
                logout = logout.isEmpty() ? redirect : logout + "##" + redirect;
            }
            attributes.put("post.logout.redirect.uris", logout);
            HttpResponse<String> put = Stack.send(HttpRequest.newBuilder(URI.create(clients + "/" + id))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(Stack.JSON.writeValueAsString(client))).build());
            if (put.statusCode() / 100 != 2) {
                throw new IllegalStateException("Keycloak refused the client update: " + put.statusCode() + " " + put.body());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets (or with null removes) the portal client's own access-token lifespan, in seconds. */
    void accessTokenLifespan(Integer seconds) {
        update(client -> {
            ObjectNode attributes = (ObjectNode) client.with("attributes");
            if (seconds == null) {
                attributes.remove("access.token.lifespan");
            } else {
                attributes.put("access.token.lifespan", seconds.toString());
            }
        });
    }

    /** Ends every Keycloak session of the user (as an expired or revoked session would). */
    void logOutEverywhere(String username) {
        String token = adminToken();
        try {
            JsonNode users = Stack.JSON.readTree(Stack.send(HttpRequest.newBuilder(URI.create(base
                            + "/admin/realms/lifeline/users?exact=true&username=" + username))
                    .header("Authorization", "Bearer " + token).GET().build()).body());
            HttpResponse<String> answer = Stack.send(HttpRequest.newBuilder(URI.create(base + "/admin/realms/lifeline/users/"
                            + users.get(0).get("id").asText() + "/logout"))
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build());
            if (answer.statusCode() / 100 != 2) {
                throw new IllegalStateException("logout refused: " + answer.statusCode() + " " + answer.body());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(java.util.function.Consumer<ObjectNode> change) {
        String token = adminToken();
        String clients = base + "/admin/realms/lifeline/clients";
        try {
            ObjectNode client = (ObjectNode) Stack.JSON.readTree(Stack.send(HttpRequest.newBuilder(URI.create(
                    clients + "?clientId=lifeline-portal")).header("Authorization", "Bearer " + token).GET().build()).body()).get(0);
            change.accept(client);
            HttpResponse<String> put = Stack.send(HttpRequest.newBuilder(URI.create(clients + "/" + client.get("id").asText()))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(Stack.JSON.writeValueAsString(client))).build());
            if (put.statusCode() / 100 != 2) {
                throw new IllegalStateException("Keycloak refused the client update: " + put.statusCode() + " " + put.body());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void removeText(ArrayNode array, String value) {
        for (int i = array.size() - 1; i >= 0; i--) {
            if (array.get(i).asText().equals(value)) {
                array.remove(i);
            }
        }
    }
}
