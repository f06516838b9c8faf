package org.lifeline.servers;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Creates a partner client in the test Keycloak (realm {@code lifeline}, as co-governance's approval does: client
 * credentials, a partner realm role on its service account, its {@code areas}, audience {@code lifeline-api}), so a
 * test can get a real partner token for a partner that no other test shares. Uses the bootstrap admin of the test
 * servers ({@code admin}/{@code admin}); tests only.
 */
public final class KeycloakPartners {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private KeycloakPartners() {
    }

    /** Creates the client with this secret; the caller then gets tokens with {@link Tokens#ofClient}. */
    public static void create(String clientId, String secret, String role, List<String> areas) {
        String admin = adminToken();
        String base = SharedServers.keycloakUrl() + "/admin/realms/" + KeycloakServer.REALM;
        String mapperConfigAreas = "{\"user.attribute\":\"areas\",\"claim.name\":\"areas\",\"jsonType.label\":\"String\","
                + "\"multivalued\":\"true\",\"access.token.claim\":\"true\",\"id.token.claim\":\"false\"}";
        String mapperConfigAudience = "{\"included.custom.audience\":\"lifeline-api\",\"access.token.claim\":\"true\","
                + "\"id.token.claim\":\"false\"}";
        String client = "{\"clientId\":\"" + clientId + "\",\"enabled\":true,\"publicClient\":false,"
                + "\"clientAuthenticatorType\":\"client-secret\",\"secret\":\"" + secret + "\",\"standardFlowEnabled\":false,"
                + "\"directAccessGrantsEnabled\":false,\"serviceAccountsEnabled\":true,\"protocolMappers\":["
                + "{\"name\":\"areas\",\"protocol\":\"openid-connect\",\"protocolMapper\":\"oidc-usermodel-attribute-mapper\","
                + "\"config\":" + mapperConfigAreas + "},"
                + "{\"name\":\"lifeline-api-audience\",\"protocol\":\"openid-connect\",\"protocolMapper\":\"oidc-audience-mapper\","
                + "\"config\":" + mapperConfigAudience + "}]}";
        HttpResponse<String> created = send(admin, "POST", base + "/clients", client);
        expect(created, 201, "create client " + clientId);
        String location = created.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        String user = expect(send(admin, "GET", base + "/clients/" + id + "/service-account-user", null), 200, "service account").body();
        String userId = firstId(user);
        String areasJson = areas.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(",", "[", "]"));
        String updated = user.replaceFirst("\\{", "{\"attributes\":{\"areas\":" + Matcher.quoteReplacement(areasJson) + "},");
        expect(send(admin, "PUT", base + "/users/" + userId, updated), 204, "set areas");
        String roleRep = expect(send(admin, "GET", base + "/roles/" + role, null), 200, "role " + role).body();
        expect(send(admin, "POST", base + "/users/" + userId + "/role-mappings/realm", "[" + roleRep + "]"), 204, "assign role");
    }

    private static String firstId(String json) {
        Matcher m = ID.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return m.group(1);
    }

    private static String adminToken() {
        String form = "grant_type=password&client_id=admin-cli&username=admin&password=admin";
        HttpRequest request = HttpRequest.newBuilder(URI.create(SharedServers.keycloakUrl()
                        + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).timeout(Duration.ofSeconds(20)).build();
        Matcher m = ACCESS_TOKEN.matcher(call(request).body());
        if (!m.find()) {
            throw new IllegalStateException("no admin token from the test Keycloak");
        }
        return m.group(1);
    }

    private static HttpResponse<String> send(String token, String method, String url, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(20));
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return call(b.build());
    }

    private static HttpResponse<String> call(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak unreachable at " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + ": " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
