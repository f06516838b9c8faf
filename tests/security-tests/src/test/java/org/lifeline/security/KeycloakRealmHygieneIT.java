package org.lifeline.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.SharedServers;
import org.lifeline.servers.Tokens;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The realm's own defences (identity/lifeline-realm.json), read through the Admin API of the real Keycloak and tried:
 * a password policy, a temporary lockout after repeated wrong passwords, login and admin events kept for 90 days.
 * Needs only Keycloak (no service): {@code ./mvnw -pl tests/security-tests verify -Dit.test=KeycloakRealmHygieneIT}.
 */
class KeycloakRealmHygieneIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String STRONG = "Lifeline-" + UUID.randomUUID();

    @Test
    void shouldRefuseAWeakPasswordYetLetTheDemoUsersSignIn() throws Exception {
        JsonNode realm = realm();
        String policy = realm.path("passwordPolicy").asText();
        assertTrue(policy.contains("length(12)"), policy);
        assertTrue(policy.contains("notUsername"), policy);
        assertTrue(policy.contains("passwordHistory("), policy);
        String user = createUser("weak-" + suffix(), STRONG);
        try {
            HttpResponse<String> weak = admin("PUT", "/users/" + user + "/reset-password",
                    "{\"type\":\"password\",\"value\":\"lifeline\",\"temporary\":false}");
            assertEquals(400, weak.statusCode(), "an 8-character password is refused: " + weak.body());
            HttpResponse<String> again = admin("PUT", "/users/" + user + "/reset-password",
                    "{\"type\":\"password\",\"value\":\"" + STRONG + "\",\"temporary\":false}");
            assertEquals(400, again.statusCode(), "a recent password is refused: " + again.body());
        } finally {
            admin("DELETE", "/users/" + user, null);
        }
        // the policy applies when a password is set: the demo users' imported passwords still work
        assertEquals(200, login("staff1", Tokens.DEMO_PASSWORD).statusCode());
    }

    @Test
    void shouldLockAnAccountTemporarilyAfterRepeatedWrongPasswordsAndRecordTheAttempts() throws Exception {
        JsonNode realm = realm();
        assertTrue(realm.path("bruteForceProtected").asBoolean());
        assertEquals(false, realm.path("permanentLockout").asBoolean(), "a temporary lockout: staff are not locked out for good");
        int failures = realm.path("failureFactor").asInt();
        assertTrue(failures >= 3 && failures <= 10, "failureFactor " + failures);
        assertTrue(realm.path("maxFailureWaitSeconds").asInt() <= 3600, realm.toString());
        String username = "lockout-" + suffix();
        String user = createUser(username, STRONG);
        try {
            assertEquals(200, login(username, STRONG).statusCode(), "the right password works before");
            // spaced out past the quick-login check (two failures within it lock at once, for a minute): this is the
            // failure-count rule, as a person mistyping would meet it
            long spacing = realm.path("quickLoginCheckMilliSeconds").asLong() + 200;
            for (int i = 0; i < failures; i++) {
                if (i > 0) {
                    Thread.sleep(spacing);
                }
                assertEquals(401, login(username, "wrong-password-" + i).statusCode());
            }
            HttpResponse<String> locked = login(username, STRONG);
            // refused like a wrong password: the answer does not tell an attacker that the account exists and is locked
            assertEquals(401, locked.statusCode(), "the right password is refused while locked: " + locked.body());
            assertEquals("invalid_grant", JSON.readTree(locked.body()).path("error").asText(), locked.body());
            JsonNode status = JSON.readTree(admin("GET", "/attack-detection/brute-force/users/" + user, null).body());
            assertTrue(status.path("disabled").asBoolean(), status.toString());
            assertTrue(status.path("numFailures").asInt() >= failures, status.toString());
            JsonNode events = JSON.readTree(admin("GET", "/events?type=LOGIN_ERROR&user=" + user + "&max=100", null).body());
            assertTrue(events.size() >= failures, "each wrong password is a login event: " + events);
            JsonNode success = JSON.readTree(admin("GET", "/events?type=LOGIN&user=" + user + "&max=10", null).body());
            assertTrue(success.size() >= 1, "the successful sign-in is a login event too: " + success);
        } finally {
            admin("DELETE", "/attack-detection/brute-force/users/" + user, null);
            admin("DELETE", "/users/" + user, null);
        }
    }

    @Test
    void shouldKeepLoginAndAdminEventsWithDetails() throws Exception {
        JsonNode realm = realm();
        assertTrue(realm.path("eventsEnabled").asBoolean(), "login events");
        assertTrue(realm.path("eventsExpiration").asLong() >= 30L * 24 * 3600, "kept at least 30 days: " + realm.path("eventsExpiration"));
        assertTrue(realm.path("adminEventsEnabled").asBoolean(), "admin events");
        assertTrue(realm.path("adminEventsDetailsEnabled").asBoolean(), "with the representation");
        assertTrue(realm.path("attributes").path("adminEventsExpiration").asLong() >= 30L * 24 * 3600, realm.path("attributes").toString());
        String username = "audited-" + suffix();
        String user = createUser(username, STRONG);
        try {
            JsonNode events = JSON.readTree(admin("GET", "/admin-events?operationTypes=CREATE&resourceTypes=USER&max=500", null).body());
            boolean found = false;
            for (JsonNode event : events) {
                found |= event.path("resourcePath").asText().equals("users/" + user)
                        && event.path("representation").asText().contains(username);
            }
            assertTrue(found, "the user's creation is an admin event with its representation");
        } finally {
            admin("DELETE", "/users/" + user, null);
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static JsonNode realm() throws Exception {
        HttpResponse<String> response = admin("GET", "", null);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    /** A throwaway user of the test (never a demo user: they are shared with every other test). */
    static String createUser(String username, String password) throws Exception {
        HttpResponse<String> created = admin("POST", "/users", "{\"username\":\"" + username + "\",\"enabled\":true,"
                + "\"email\":\"" + username + "@test.lifeline.local\",\"emailVerified\":true,\"firstName\":\"Test\",\"lastName\":\"User\","
                + "\"credentials\":[{\"type\":\"password\",\"value\":\"" + password + "\",\"temporary\":false}]}");
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    static HttpResponse<String> login(String username, String password) throws Exception {
        return form(SharedServers.realmUrl() + "/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "lifeline-cli", "username", username, "password", password));
    }

    static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SharedServers.keycloakUrl() + "/admin/realms/lifeline" + path))
                .header("Authorization", "Bearer " + masterAdminToken());
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The bootstrap admin of the test Keycloak (master realm): reads and sets up what the test needs. */
    static String masterAdminToken() throws Exception {
        return JSON.readTree(form(SharedServers.keycloakUrl() + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin")).body())
                .path("access_token").asText();
    }

    static HttpResponse<String> form(String url, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
