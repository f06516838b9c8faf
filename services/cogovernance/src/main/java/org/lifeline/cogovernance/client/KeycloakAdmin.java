package org.lifeline.cogovernance.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.lifeline.cogovernance.config.Texts;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.problem.ProblemType;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The few calls of the Keycloak Admin REST API that partner clients need: create a confidential client with a
 * service account (the partner's realm role, an {@code areas} claim, the {@code lifeline-api} audience), read and
 * regenerate its secret, enable or disable it. They are made as co-governance's own client of realm lifeline
 * ({@link KeycloakAdminCredentials}), whose fine-grained admin permissions allow exactly this: manage clients other than
 * the platform's own, grant merchant, lab or logistics, nothing about users beyond that (no reading, no editing, no other
 * role). That is why the areas are a claim of the client rather than an attribute of its service-account user. Each call
 * has a timeout and a circuit breaker; a failure is a 503 problem for the caller and changes nothing here.
 */
@ApplicationScoped
@Timeout(10_000)
@CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10_000, skipOn = ProblemException.class)
public class KeycloakAdmin {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "cogovernance.keycloak.url")
    Optional<String> configuredUrl;

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String oidcUrl;

    @ConfigProperty(name = "cogovernance.keycloak.realm")
    String realm;

    @Inject
    KeycloakAdminCredentials credentials;

    /** A created or found client: its internal id and its secret. */
    public record Client(String id, String clientId, String secret) {
    }

    /**
     * Creates the partner's client, or takes the one of that client id if an earlier attempt created it, and
     * gives its service account the role and areas.
     */
    public Client createPartnerClient(String clientId, String name, String role, List<String> areas) {
        String token = adminToken();
        String id = findClient(token, clientId).orElse(null);
        if (id != null) {
            setAreas(token, id, areas);
        } else {
            ObjectNode client = json.createObjectNode();
            client.put("clientId", clientId);
            client.put("name", name);
            client.put("enabled", true);
            client.put("publicClient", false);
            client.put("clientAuthenticatorType", "client-secret");
            client.put("standardFlowEnabled", false);
            client.put("directAccessGrantsEnabled", false);
            client.put("implicitFlowEnabled", false);
            client.put("serviceAccountsEnabled", true);
            ArrayNode mappers = client.putArray("protocolMappers");
            mappers.add(areasMapper(areas));
            ObjectNode audience = mappers.addObject();
            audience.put("name", "lifeline-api-audience");
            audience.put("protocol", "openid-connect");
            audience.put("protocolMapper", "oidc-audience-mapper");
            audience.set("config", json.valueToTree(Map.of("included.custom.audience", "lifeline-api",
                    "access.token.claim", "true", "id.token.claim", "false", "introspection.token.claim", "true")));
            HttpResponse<String> created = send(token, "POST", "/clients", client);
            expect(created, 201, "create client " + clientId);
            id = findClient(token, clientId).orElseThrow(() -> unavailable("client " + clientId + " not found after creation"));
        }
        JsonNode user = read(send(token, "GET", "/clients/" + id + "/service-account-user", null), "service account");
        String userId = user.get("id").asText();
        JsonNode roleRep = read(send(token, "GET", "/roles/" + URLEncoder.encode(role, StandardCharsets.UTF_8), null), "role " + role);
        expect(send(token, "POST", "/users/" + userId + "/role-mappings/realm", json.createArrayNode().add(roleRep)), 204, "assign role");
        JsonNode secret = read(send(token, "GET", "/clients/" + id + "/client-secret", null), "client secret");
        return new Client(id, clientId, secret.path("value").asText());
    }

    /** The {@code areas} claim of the partner's tokens: its place codes, as a JSON array. */
    private ObjectNode areasMapper(List<String> areas) {
        ObjectNode mapper = json.createObjectNode();
        mapper.put("name", "areas");
        mapper.put("protocol", "openid-connect");
        mapper.put("protocolMapper", "oidc-hardcoded-claim-mapper");
        try {
            mapper.set("config", json.valueToTree(Map.of("claim.name", "areas", "claim.value", json.writeValueAsString(areas),
                    "jsonType.label", "JSON", "access.token.claim", "true", "id.token.claim", "false",
                    "userinfo.token.claim", "false", "introspection.token.claim", "true")));
        } catch (IOException e) {
            throw unavailable("areas: " + e);
        }
        return mapper;
    }

    /** Sets the areas claim of a client (an earlier attempt's client keeps its mapper, with today's areas). */
    private void setAreas(String token, String id, List<String> areas) {
        JsonNode mappers = read(send(token, "GET", "/clients/" + id + "/protocol-mappers/models", null), "protocol mappers");
        ObjectNode wanted = areasMapper(areas);
        for (JsonNode mapper : mappers) {
            if ("areas".equals(mapper.path("name").asText())) {
                wanted.put("id", mapper.path("id").asText());
                expect(send(token, "PUT", "/clients/" + id + "/protocol-mappers/models/" + mapper.path("id").asText(), wanted), 204,
                        "set areas");
                return;
            }
        }
        expect(send(token, "POST", "/clients/" + id + "/protocol-mappers/models", wanted), 201, "add areas");
    }

    /** A new secret for the client; the old one stops working at once. */
    public String regenerateSecret(String clientId) {
        String token = adminToken();
        String id = findClient(token, clientId).orElseThrow(() -> unavailable("client " + clientId + " is missing in Keycloak"));
        return read(send(token, "POST", "/clients/" + id + "/client-secret", null), "regenerate secret").path("value").asText();
    }

    /** Enables or disables the client: a disabled client gets no new token. */
    public void setEnabled(String clientId, boolean enabled) {
        String token = adminToken();
        String id = findClient(token, clientId).orElseThrow(() -> unavailable("client " + clientId + " is missing in Keycloak"));
        ObjectNode client = (ObjectNode) read(send(token, "GET", "/clients/" + id, null), "client");
        client.put("enabled", enabled);
        expect(send(token, "PUT", "/clients/" + id, client), 204, "enable/disable client");
    }

    private Optional<String> findClient(String token, String clientId) {
        JsonNode found = read(send(token, "GET", "/clients?clientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8), null),
                "find client");
        return found.isArray() && !found.isEmpty() ? Optional.of(found.get(0).get("id").asText()) : Optional.empty();
    }

    /** A token of co-governance's own client (package-private: the rights test uses exactly what the service uses). */
    String adminToken() {
        Map<String, String> form = Map.of("grant_type", "client_credentials", "client_id", credentials.clientId(),
                "client_secret", credentials.clientSecret());
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(8))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return read(exchange(request), "admin token").path("access_token").asText();
    }

    private HttpResponse<String> send(String token, String method, String path, Object body) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/realms/" + realm + path))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json").timeout(Duration.ofSeconds(8));
            if (body != null) {
                builder.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            } else {
                builder.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return exchange(builder.build());
        } catch (IOException e) {
            throw unavailable(e.toString());
        }
    }

    private static HttpResponse<String> exchange(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unavailable("Keycloak unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    private JsonNode read(HttpResponse<String> response, String what) {
        expect(response, 200, what);
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw unavailable(what + ": unreadable answer");
        }
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw unavailable(what + ": Keycloak answered " + response.statusCode() + " " + abbreviate(response.body()));
        }
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) : body;
    }

    /** Keycloak failures are the identity provider's, not the caller's: 503 with the reason in the log. */
    static IllegalStateException unavailable(String reason) {
        return new KeycloakUnavailable(reason);
    }

    public String baseUrl() {
        String url = configuredUrl.filter(s -> !s.isBlank()).orElseGet(() -> oidcUrl.replaceFirst("/realms/.*$", ""));
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A failed Admin API call; mapped to 503 problem+json. */
    public static final class KeycloakUnavailable extends IllegalStateException {
        KeycloakUnavailable(String reason) {
            super(reason);
        }

        public ProblemException problem() {
            return problemFor();
        }

        public static ProblemException problemFor() {
            return new ProblemException(ProblemType.UPSTREAM_UNAVAILABLE, Texts.of("keycloak.unavailable"));
        }
    }
}
