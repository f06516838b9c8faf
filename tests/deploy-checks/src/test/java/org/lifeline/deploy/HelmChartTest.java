package org.lifeline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** helm/lifeline: lint, render with default and prod values, validate and check the policies. */
class HelmChartTest {

    @Test
    void shouldLintStrictly() {
        var result = new Helm(Manifests.chart()).lint().strict().call();
        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
    }

    @Test
    void shouldRenderValidObjectsThatKeepThePoliciesWithDefaultValues() {
        List<ObjectNode> objects = Manifests.parse(Manifests.render(null, Map.of()));
        assertEquals(List.of(), KubernetesApi.errors(objects));
        assertEquals(List.of(), ManifestPolicy.violations(objects));
        for (String component : List.of("gateway", "residents")) {
            assertNotNull(KubernetesApi.first(objects, "Deployment", "lifeline-" + component), component);
            assertNotNull(KubernetesApi.first(objects, "NetworkPolicy", "lifeline-" + component), component);
            assertNotNull(KubernetesApi.first(objects, "HorizontalPodAutoscaler", "lifeline-" + component), component);
            assertNotNull(KubernetesApi.first(objects, "PodDisruptionBudget", "lifeline-" + component), component);
        }
        assertNotNull(KubernetesApi.first(objects, "Cluster", "lifeline-pg"));
        assertNotNull(KubernetesApi.first(objects, "Kafka", "lifeline-kafka"));
        assertNotNull(KubernetesApi.first(objects, "Keycloak", "lifeline-keycloak"));
        assertEquals("http", KubernetesApi.first(objects, "ServiceMonitor", "lifeline-residents")
                .at("/spec/endpoints/0/port").asText());
    }

    @Test
    void shouldLetTheHotlineCallResidentsAndNoOtherServiceBesideTheGateway() {
        List<ObjectNode> objects = Manifests.parse(Manifests.render(null, Map.of()));
        assertEquals("http://lifeline-residents:8081", KubernetesApi.first(objects, "ConfigMap", "lifeline-hotline")
                .at("/data/RESIDENTS_URL").asText());
        String egress = KubernetesApi.first(objects, "NetworkPolicy", "lifeline-hotline").at("/spec/egress").toString();
        assertTrue(egress.contains("\"app.kubernetes.io/component\":\"residents\"") && egress.contains("{\"port\":8081}"), egress);
        JsonNode ingress = KubernetesApi.first(objects, "NetworkPolicy", "lifeline-residents").at("/spec/ingress");
        java.util.Set<String> callers = new java.util.TreeSet<>();
        for (JsonNode rule : ingress) {
            String component = rule.at("/from/0/podSelector/matchLabels/app.kubernetes.io~1component").asText();
            if (!component.isEmpty()) {
                assertEquals(8081, rule.at("/ports/0/port").asInt(), rule.toString());
                callers.add(component);
            }
        }
        assertEquals(java.util.Set.of("gateway", "hotline"), callers);
        // testing is called by nobody but the gateway, and calls nothing
        for (JsonNode rule : KubernetesApi.first(objects, "NetworkPolicy", "lifeline-testing").at("/spec/ingress")) {
            String component = rule.at("/from/0/podSelector/matchLabels/app.kubernetes.io~1component").asText();
            assertTrue(component.isEmpty() || component.equals("gateway"), rule.toString());
        }
        assertFalse(KubernetesApi.first(objects, "ConfigMap", "lifeline-testing").toString().contains("RESIDENTS_URL"));
    }

    @Test
    void shouldKeepTheGatewaysHealthAndMetricsOffThePortTheIngressRoutesTo() {
        List<ObjectNode> objects = Manifests.parse(Manifests.render(null, Map.of()));
        JsonNode ingress = KubernetesApi.first(objects, "Ingress", "lifeline");
        assertEquals("http", ingress.at("/spec/rules/0/http/paths/0/backend/service/port/name").asText());
        JsonNode container = KubernetesApi.first(objects, "Deployment", "lifeline-gateway").at("/spec/template/spec/containers/0");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertEquals("management", container.path(probe).at("/httpGet/port").asText(), probe);
        }
        assertEquals("9000", KubernetesApi.first(objects, "ConfigMap", "lifeline-gateway").at("/data/QUARKUS_MANAGEMENT_PORT").asText());
        assertEquals("management", KubernetesApi.first(objects, "ServiceMonitor", "lifeline-gateway")
                .at("/spec/endpoints/0/port").asText());
        JsonNode servicePorts = KubernetesApi.first(objects, "Service", "lifeline-gateway").at("/spec/ports");
        assertEquals(2, servicePorts.size());
        assertEquals(9000, servicePorts.get(1).path("port").asInt());
        // Prometheus may reach the management port only; the ingress controller the public port only
        JsonNode rules = KubernetesApi.first(objects, "NetworkPolicy", "lifeline-gateway").at("/spec/ingress");
        for (JsonNode rule : rules) {
            boolean monitoring = rule.toString().contains("monitoring");
            boolean ingressController = rule.toString().contains("ingress");
            int port = rule.at("/ports/0/port").asInt();
            if (monitoring) {
                assertEquals(9000, port, rule.toString());
            }
            if (ingressController) {
                assertEquals(8080, port, rule.toString());
            }
        }
        // the other services keep health and metrics on their one port
        JsonNode residents = KubernetesApi.first(objects, "Deployment", "lifeline-residents").at("/spec/template/spec/containers/0");
        assertEquals("http", residents.at("/readinessProbe/httpGet/port").asText());
        assertTrue(KubernetesApi.first(objects, "ConfigMap", "lifeline-residents").at("/data/QUARKUS_MANAGEMENT_PORT").isMissingNode());
    }

    @Test
    void shouldHaveAHelmTestThatAsksTheGateway() throws Exception {
        // helm template leaves test hooks out of its output, so check the hook's template itself
        String test = Files.readString(Manifests.chart().resolve("templates/tests/test-gateway.yaml"));
        assertTrue(test.contains("helm.sh/hook: test"));
        assertTrue(test.contains("/q/health/ready"));
    }

    @Test
    void shouldRenderValidObjectsThatKeepThePoliciesWithProdValues() {
        List<ObjectNode> objects = Manifests.parse(Manifests.render(Manifests.chart().resolve("values-prod.yaml"), Map.of()));
        assertEquals(List.of(), KubernetesApi.errors(objects));
        assertEquals(List.of(), ManifestPolicy.violations(objects));
        assertEquals(3, KubernetesApi.first(objects, "HorizontalPodAutoscaler", "lifeline-gateway").path("spec")
                .path("minReplicas").asInt());
        // the rate limit is shared by the replicas: 120 per minute over 3 gateways
        assertEquals("40", KubernetesApi.first(objects, "ConfigMap", "lifeline-gateway").path("data")
                .path("GATEWAY_RATE_LIMITS_STANDARD_USERS_LIMIT").asText());
    }

    @Test
    void shouldUseExternalServersWhenAsked() {
        List<ObjectNode> objects = Manifests.parse(Manifests.render(null, Map.of("postgres.mode", "external",
                "postgres.credentialsSecret", "lifeline-db", "kafka.mode", "external", "keycloak.mode", "external",
                "networkPolicy.externalCidrs[0]", "10.20.0.0/16")));
        assertEquals(List.of(), KubernetesApi.errors(objects));
        assertEquals(List.of(), ManifestPolicy.violations(objects));
        assertTrue(objects.stream().noneMatch(o -> o.path("apiVersion").asText().contains("cnpg")
                || o.path("apiVersion").asText().contains("strimzi") || o.path("apiVersion").asText().contains("keycloak")));
        JsonNode config = KubernetesApi.first(objects, "ConfigMap", "lifeline-residents").path("data");
        assertEquals("postgres.example.internal", config.path("PG_HOST").asText());
        assertEquals("kafka.example.internal:9092", config.path("KAFKA_BOOTSTRAP").asText());
        JsonNode env = KubernetesApi.first(objects, "Deployment", "lifeline-residents").at("/spec/template/spec/containers/0/env");
        assertEquals("lifeline-db", env.get(0).at("/valueFrom/secretKeyRef/name").asText());
    }

    @Test
    void shouldRefuseWrongValues() {
        assertThrows(IllegalStateException.class, () -> Manifests.render(null, Map.of("image.tag", "latest")));
        assertThrows(IllegalStateException.class, () -> Manifests.render(null, Map.of("postgres.mode", "sometimes")));
        assertThrows(IllegalStateException.class, () -> Manifests.render(null, Map.of("services.residents.replicas", "0")));
        assertThrows(IllegalStateException.class, () -> Manifests.render(null, Map.of("services.residents.port", "80")));
    }

    @Test
    void shouldImportTheRepositorysRealmWithoutDemoUsersByDefault() throws Exception {
        List<ObjectNode> objects = Manifests.parse(Manifests.render(null, Map.of()));
        JsonNode realm = KubernetesApi.first(objects, "KeycloakRealmImport", "lifeline-realm").path("spec").path("realm");
        JsonNode source = Manifests.JSON.readTree(Files.readString(Manifests.root().resolve("identity/lifeline-realm.json")));
        assertEquals(source.path("roles"), realm.path("roles"), "roles come from identity/lifeline-realm.json");
        for (JsonNode user : realm.path("users")) {
            assertTrue(SERVICE_ACCOUNTS.contains(user.path("serviceAccountClientId").asText()), "no demo users: " + user);
        }
        assertTrue(realm.toString().contains("lifeline-portal"));
        assertFalse(realm.toString().contains("demo-merchant-secret"), "no demo partner secret");
        assertFalse(realm.toString().contains("demo-merchant-2-secret"), "no second demo partner secret");
        assertFalse(realm.toString().contains("demo-lab-secret"), "no demo laboratory secret");
        List<ObjectNode> demo = Manifests.parse(Manifests.render(null, Map.of("keycloak.operator.importDemoData", "true")));
        assertEquals(source.path("users").size(), KubernetesApi.first(demo, "KeycloakRealmImport", "lifeline-realm")
                .path("spec").path("realm").path("users").size());
    }

    @Test
    void shouldImportNoDemoSecretNoLocalhostAndNoDemoUserInProduction() {
        for (List<ObjectNode> objects : List.of(Manifests.parse(Manifests.render(null, Map.of())),
                Manifests.parse(Manifests.render(Manifests.chart().resolve("values-prod.yaml"), Map.of())))) {
            JsonNode spec = KubernetesApi.first(objects, "KeycloakRealmImport", "lifeline-realm").path("spec");
            String realm = spec.path("realm").toString();
            assertFalse(realm.contains("localhost"), "no localhost redirect or origin");
            assertFalse(realm.contains("demo-secret"), "no demo secret (lifeline-api, lifeline-cogovernance, partners)");
            assertFalse(realm.contains("lifeline-cli"), "no password-grant demo client");
            assertFalse(realm.contains("\"demo-"), "no demo partner");
            for (JsonNode user : spec.path("realm").path("users")) {
                assertFalse(user.has("credentials"), "no user with a password: " + user);
                assertTrue(SERVICE_ACCOUNTS.contains(user.path("serviceAccountClientId").asText()), "service accounts only: " + user);
            }
            JsonNode portal = client(spec.path("realm"), "lifeline-portal");
            assertEquals("[\"https://lifeline.example.org/*\"]", portal.path("redirectUris").toString());
            assertEquals("[\"https://lifeline.example.org\"]", portal.path("webOrigins").toString());
            assertEquals("https://lifeline.example.org/*", portal.at("/attributes/post.logout.redirect.uris").asText());
            assertTrue(client(spec.path("realm"), "lifeline-api").path("secret").isMissingNode(), "Keycloak makes lifeline-api's secret");
            assertEquals("${COGOVERNANCE_KEYCLOAK_CLIENT_SECRET}", client(spec.path("realm"), "lifeline-cogovernance").path("secret").asText());
            assertEquals("lifeline-cogovernance-keycloak", spec.at("/placeholders/COGOVERNANCE_KEYCLOAK_CLIENT_SECRET/secret/name").asText());
            assertEquals("client-secret", spec.at("/placeholders/COGOVERNANCE_KEYCLOAK_CLIENT_SECRET/secret/key").asText());
            assertEquals("${HOTLINE_KEYCLOAK_CLIENT_SECRET}", client(spec.path("realm"), "lifeline-hotline").path("secret").asText());
            assertEquals("lifeline-hotline-keycloak", spec.at("/placeholders/HOTLINE_KEYCLOAK_CLIENT_SECRET/secret/name").asText());
            assertEquals("client-secret", spec.at("/placeholders/HOTLINE_KEYCLOAK_CLIENT_SECRET/secret/key").asText());
            // co-governance and the hotline read the same Secrets
            assertWired(objects, "lifeline-cogovernance", "COGOVERNANCE_KEYCLOAK_CLIENT_SECRET", "lifeline-cogovernance-keycloak");
            assertWired(objects, "lifeline-hotline", "HOTLINE_KEYCLOAK_CLIENT_SECRET", "lifeline-hotline-keycloak");
            assertWired(objects, "lifeline-hotline", "HOTLINE_WEBHOOK_SECRET", "lifeline-hotline-webhook");
            String options = KubernetesApi.first(objects, "Keycloak", "lifeline-keycloak").path("spec").path("additionalOptions").toString();
            assertTrue(options.contains("spi-protocol-mapper--oidc-hardcoded-role-mapper--enabled"), options);
            assertTrue(options.contains("spi-protocol-mapper--oidc-role-name-mapper--enabled"), options);
        }
        // the portal's origin is a value
        List<ObjectNode> other = Manifests.parse(Manifests.render(null, Map.of("gateway.portalOrigin", "https://portal.city.example/")));
        assertEquals("[\"https://portal.city.example/*\"]", client(KubernetesApi.first(other, "KeycloakRealmImport", "lifeline-realm")
                .at("/spec/realm"), "lifeline-portal").path("redirectUris").toString());
    }

    /** The service accounts of the platform's own clients: the only users of the production realm. */
    static final java.util.Set<String> SERVICE_ACCOUNTS = java.util.Set.of("lifeline-cogovernance", "lifeline-hotline");

    private static void assertWired(List<ObjectNode> objects, String deployment, String variable, String secret) {
        JsonNode env = KubernetesApi.first(objects, "Deployment", deployment).at("/spec/template/spec/containers/0/env");
        boolean wired = false;
        for (JsonNode v : env) {
            wired |= v.path("name").asText().equals(variable) && v.at("/valueFrom/secretKeyRef/name").asText().equals(secret);
        }
        assertTrue(wired, deployment + " " + variable + " from Secret " + secret + ": " + env);
    }

    private static JsonNode client(JsonNode realm, String clientId) {
        for (JsonNode client : realm.path("clients")) {
            if (client.path("clientId").asText().equals(clientId)) {
                return client;
            }
        }
        throw new AssertionError("no client " + clientId);
    }
}
