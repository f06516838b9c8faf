package org.lifeline.security;

import org.lifeline.servers.SharedServers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * A public client of realm lifeline whose access tokens live 5 seconds (otherwise like {@code lifeline-cli}: password
 * grant, audience {@code lifeline-api}), created through Keycloak's Admin API if missing, so a test gets a real token
 * that really expires.
 */
final class ShortLivedClient {

    static final String CLIENT_ID = "security-tests-short-lived";

    private ShortLivedClient() {
    }

    static synchronized String token(String username) {
        ensureClient();
        return ForgedTokens.token(SharedServers.realmUrl(), Map.of("grant_type", "password", "client_id", CLIENT_ID,
                "username", username, "password", "lifeline", "scope", "openid"));
    }

    private static void ensureClient() {
        String admin = ForgedTokens.adminToken();
        String clients = SharedServers.keycloakUrl() + "/admin/realms/lifeline/clients";
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> found = http.send(HttpRequest.newBuilder(URI.create(clients + "?clientId=" + CLIENT_ID))
                    .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
            if (Http.JSON.readTree(found.body()).size() > 0) {
                return;
            }
            Map<String, Object> client = Map.of("clientId", CLIENT_ID, "publicClient", true,
                    "directAccessGrantsEnabled", true, "standardFlowEnabled", false,
                    "attributes", Map.of("access.token.lifespan", "5"),
                    "protocolMappers", List.of(Map.of("name", "lifeline-api-audience", "protocol", "openid-connect",
                            "protocolMapper", "oidc-audience-mapper", "config", Map.of(
                                    "included.custom.audience", "lifeline-api", "access.token.claim", "true",
                                    "id.token.claim", "false"))));
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(clients))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Http.JSON.writeValueAsBytes(client))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201 && created.statusCode() != 409) {
                throw new IllegalStateException("client not created: " + created.statusCode() + " " + created.body());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
