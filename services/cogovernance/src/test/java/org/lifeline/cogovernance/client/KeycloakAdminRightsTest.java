package org.lifeline.cogovernance.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.SharedServers;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What co-governance's Keycloak account may do, tried against the real Keycloak with the very token the service uses
 * ({@link KeycloakAdmin#adminToken()}): create and manage a partner client and grant it merchant, lab or logistics; not
 * grant a staff or admin role to anyone, not read or change users, not touch the platform's own clients or the
 * permissions, and no protocol mapper it adds to a client it manages makes a token carry a staff or admin role.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "cogovernance"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class KeycloakAdminRightsTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Refuses duplicate names, as the services' JWT parser does: a token with two realm_access claims fails to parse. */
    static final ObjectMapper JSON = new ObjectMapper().enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    static final List<String> STAFF_AND_ADMIN_ROLES = List.of("community-staff", "platform-admin", "street-officer",
            "hotline-operator");
    /** Fixed ids of the platform's clients in identity/lifeline-realm.json. */
    static final Map<String, String> PLATFORM_CLIENTS = Map.of(
            "lifeline-portal", "0c4e9a52-6f1d-4b7a-8e3c-00000000c001",
            "lifeline-api", "0c4e9a52-6f1d-4b7a-8e3c-00000000c003",
            "lifeline-cogovernance", "0c4e9a52-6f1d-4b7a-8e3c-00000000c004",
            "lifeline-hotline", "0c4e9a52-6f1d-4b7a-8e3c-00000000c005");

    @Inject
    KeycloakAdmin keycloak;

    String token;
    String admin;

    @BeforeEach
    void tokens() {
        token = keycloak.adminToken();
        admin = SharedServers.keycloakUrl() + "/admin/realms/lifeline";
    }

    @Test
    void shouldCreateAPartnerClientWhoseTokenCarriesItsPartnerRoleAndAreas() throws Exception {
        KeycloakAdmin.Client client = keycloak.createPartnerClient("partner-lab-" + suffix(), "化验所", "lab", List.of("610113001"));
        JsonNode claims = claims(clientToken(client.clientId(), client.secret()));
        assertTrue(roles(claims).contains("lab"), claims.toString());
        assertEquals("[\"610113001\"]", claims.path("areas").toString());
        assertTrue(claims.path("aud").toString().contains("lifeline-api"), claims.toString());
        keycloak.setEnabled(client.clientId(), false);
        assertEquals(401, tokenResponse(client.clientId(), client.secret()).statusCode(), "a disabled client gets no token");
    }

    @Test
    void shouldRefuseToGrantAStaffOrAdminRoleToAServiceAccountOrAUser() throws Exception {
        KeycloakAdmin.Client client = keycloak.createPartnerClient("partner-merchant-" + suffix(), "超市", "merchant", List.of("610113001"));
        String serviceAccount = read(call("GET", "/clients/" + client.id() + "/service-account-user", null)).path("id").asText();
        String grid1 = read(asAdmin("GET", "/users?exact=true&username=grid1")).get(0).path("id").asText();
        for (String role : STAFF_AND_ADMIN_ROLES) {
            String rep = asAdmin("GET", "/roles/" + role).body();
            assertEquals(403, call("POST", "/users/" + serviceAccount + "/role-mappings/realm", "[" + rep + "]").statusCode(),
                    role + " to a partner's service account");
            assertEquals(403, call("POST", "/users/" + grid1 + "/role-mappings/realm", "[" + rep + "]").statusCode(),
                    role + " to a user");
            // a client's scope only narrows what its tokens may carry: adding a role there grants nothing (checked below)
            call("POST", "/clients/" + client.id() + "/scope-mappings/realm", "[" + rep + "]");
        }
        // the realm-management roles (realm-admin, manage-users...) neither
        String realmManagement = read(asAdmin("GET", "/clients?clientId=realm-management")).get(0).path("id").asText();
        String realmAdmin = asAdmin("GET", "/clients/" + realmManagement + "/roles/realm-admin").body();
        assertEquals(403, call("POST", "/users/" + serviceAccount + "/role-mappings/clients/" + realmManagement, "[" + realmAdmin + "]")
                .statusCode());
        JsonNode claims = claims(clientToken(client.clientId(), client.secret()));
        assertEquals(List.of("merchant"), roles(claims).stream().filter(r -> !r.equals("offline_access")
                && !r.equals("uma_authorization") && !r.startsWith("default-roles")).toList(), claims.toString());
    }

    @Test
    void shouldNeitherReadNorChangeUsers() throws Exception {
        String staff1 = read(asAdmin("GET", "/users?exact=true&username=staff1")).get(0).path("id").asText();
        assertEquals(403, call("GET", "/users?max=5", null).statusCode(), "list users");
        assertEquals(403, call("GET", "/users/" + staff1, null).statusCode(), "read a user");
        assertEquals(403, call("PUT", "/users/" + staff1, "{\"attributes\":{\"areas\":[\"610113\"]}}").statusCode(), "widen a user's areas");
        assertEquals(403, call("PUT", "/users/" + staff1 + "/reset-password",
                "{\"type\":\"password\",\"value\":\"taken-over-password-1\",\"temporary\":false}").statusCode(), "reset a password");
        assertEquals(403, call("POST", "/users", "{\"username\":\"intruder-" + suffix() + "\",\"enabled\":true}").statusCode(), "create a user");
        assertEquals(403, call("GET", "/events", null).statusCode(), "read login events");
    }

    @Test
    void shouldLeaveThePlatformClientsAndThePermissionsAlone() throws Exception {
        for (Map.Entry<String, String> platform : PLATFORM_CLIENTS.entrySet()) {
            String path = "/clients/" + platform.getValue();
            assertEquals(200, asAdmin("GET", path).statusCode(), platform.getKey() + " exists with its fixed id");
            assertEquals(403, call("GET", path, null).statusCode(), "read " + platform.getKey());
            assertEquals(403, call("PUT", path, "{\"redirectUris\":[\"https://attacker.example/*\"]}").statusCode(),
                    "change " + platform.getKey());
            assertEquals(403, call("GET", path + "/client-secret", null).statusCode(), "secret of " + platform.getKey());
            assertEquals(403, call("POST", path + "/protocol-mappers/models", audienceMapper()).statusCode(),
                    "mapper on " + platform.getKey());
            assertEquals(403, call("POST", path + "/roles", "{\"name\":\"platform-admin\"}").statusCode(),
                    "client role on " + platform.getKey());
        }
        String permissions = read(asAdmin("GET", "/clients?clientId=admin-permissions")).get(0).path("id").asText();
        String policy = read(asAdmin("GET", "/clients/" + permissions + "/authz/resource-server/policy?name="
                + URLEncoder.encode("co-governance service account", StandardCharsets.UTF_8))).get(0).path("id").asText();
        assertEquals(403, call("POST", "/clients/" + permissions + "/authz/resource-server/permission/scope",
                "{\"name\":\"more for co-governance " + suffix() + "\",\"resourceType\":\"Users\",\"scopes\":[\"view\",\"manage\"],"
                        + "\"policies\":[\"" + policy + "\"]}").statusCode(), "give itself more rights");
        assertEquals(403, call("PUT", "", "{\"adminPermissionsEnabled\":false}").statusCode(), "switch the permissions off");
    }

    @Test
    void shouldGiveNoStaffOrAdminRoleThroughAProtocolMapper() throws Exception {
        KeycloakAdmin.Client client = keycloak.createPartnerClient("partner-logistics-" + suffix(), "物流", "logistics", List.of("610113001"));
        String mappers = "/clients/" + client.id() + "/protocol-mappers/models";
        // the mappers that put a chosen role into the token are switched off on the server: refused, or without effect
        call("POST", mappers, mapper("hardcoded", "oidc-hardcoded-role-mapper", Map.of("role", "platform-admin")));
        call("POST", mappers, mapper("renamed", "oidc-role-name-mapper", Map.of("role", "logistics", "new.role.name", "platform-admin")));
        JsonNode claims = claims(clientToken(client.clientId(), client.secret()));
        for (String role : STAFF_AND_ADMIN_ROLES) {
            assertFalse(roles(claims).contains(role), claims.toString());
        }
        assertTrue(roles(claims).contains("logistics"), claims.toString());
        // the same mapper in a new client's representation is stored but gives no role either
        String smuggled = "partner-merchant-" + suffix();
        assertEquals(201, call("POST", "/clients", "{\"clientId\":\"" + smuggled + "\",\"publicClient\":false,"
                + "\"serviceAccountsEnabled\":true,\"standardFlowEnabled\":false,\"protocolMappers\":["
                + mapper("hardcoded", "oidc-hardcoded-role-mapper", Map.of("role", "platform-admin")) + "]}").statusCode());
        String smuggledId = read(call("GET", "/clients?clientId=" + smuggled, null)).get(0).path("id").asText();
        String smuggledSecret = read(call("GET", "/clients/" + smuggledId + "/client-secret", null)).path("value").asText();
        JsonNode smuggledClaims = claims(clientToken(smuggled, smuggledSecret));
        assertFalse(roles(smuggledClaims).contains("platform-admin"), smuggledClaims.toString());
        // a claim of its own choosing: "groups" is not where the services read roles from ...
        assertEquals(201, call("POST", mappers, mapper("groups", "oidc-hardcoded-claim-mapper", Map.of("claim.name", "groups",
                "claim.value", "[\"platform-admin\"]", "jsonType.label", "JSON"))).statusCode());
        String withGroups = clientToken(client.clientId(), client.secret());
        assertEquals("[\"platform-admin\"]", claims(withGroups).path("groups").toString());
        given().auth().oauth2(withGroups).get("/api/cogovernance/partners").then().statusCode(403);
        // ... and a second realm_access makes the token invalid (duplicate claim names are refused)
        assertEquals(201, call("POST", mappers, mapper("realm-access", "oidc-hardcoded-claim-mapper", Map.of(
                "claim.name", "realm_access.roles", "claim.value", "[\"platform-admin\"]", "jsonType.label", "JSON"))).statusCode());
        given().auth().oauth2(clientToken(client.clientId(), client.secret())).get("/api/cogovernance/partners").then().statusCode(401);
        for (JsonNode mapper : read(call("GET", mappers, null))) {
            if (mapper.path("name").asText().equals("realm-access")) {
                assertEquals(204, call("DELETE", mappers + "/" + mapper.path("id").asText(), null).statusCode());
            }
        }
        // the same through a realm client scope (shared by every client, the portal too)
        String rolesScope = null;
        for (JsonNode scope : read(asAdmin("GET", "/client-scopes"))) {
            if (scope.path("name").asText().equals("roles")) {
                rolesScope = scope.path("id").asText();
            }
        }
        String name = "hardcoded-" + suffix();
        try {
            call("POST", "/client-scopes/" + rolesScope + "/protocol-mappers/models",
                    mapper(name, "oidc-hardcoded-role-mapper", Map.of("role", "platform-admin")));
            JsonNode after = claims(clientToken(client.clientId(), client.secret()));
            assertFalse(roles(after).contains("platform-admin"), after.toString());
        } finally {
            // the realm is shared with the other tests: never leave such a mapper behind
            for (JsonNode mapper : read(asAdmin("GET", "/client-scopes/" + rolesScope + "/protocol-mappers/models"))) {
                if (mapper.path("name").asText().equals(name)) {
                    send(masterAdminToken(), "DELETE", "/client-scopes/" + rolesScope + "/protocol-mappers/models/"
                            + mapper.path("id").asText(), null);
                }
            }
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static String audienceMapper() {
        return mapper("aud-" + suffix(), "oidc-audience-mapper", Map.of("included.custom.audience", "lifeline-api"));
    }

    static String mapper(String name, String type, Map<String, String> config) {
        Map<String, String> all = new java.util.HashMap<>(config);
        all.put("access.token.claim", "true");
        try {
            return JSON.writeValueAsString(Map.of("name", name, "protocol", "openid-connect", "protocolMapper", type, "config", all));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> call(String method, String path, String body) throws Exception {
        return send(token, method, path, body);
    }

    HttpResponse<String> asAdmin(String method, String path) throws Exception {
        return send(masterAdminToken(), method, path, null);
    }

    HttpResponse<String> send(String bearer, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(admin + path)).header("Authorization", "Bearer " + bearer);
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode read(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    /** The bootstrap admin of the test Keycloak, only to look things up and to prove they exist (never the service). */
    static String masterAdminToken() throws Exception {
        return JSON.readTree(post(SharedServers.keycloakUrl() + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin")).body())
                .path("access_token").asText();
    }

    static HttpResponse<String> tokenResponse(String clientId, String secret) throws Exception {
        return post(SharedServers.realmUrl() + "/protocol/openid-connect/token",
                Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    static String clientToken(String clientId, String secret) throws Exception {
        HttpResponse<String> response = tokenResponse(clientId, secret);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    static HttpResponse<String> post(String url, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode claims(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    static List<String> roles(JsonNode claims) {
        List<String> roles = new java.util.ArrayList<>();
        claims.path("realm_access").path("roles").forEach(role -> roles.add(role.asText()));
        return roles;
    }
}
