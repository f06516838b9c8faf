package org.lifeline.e2e;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.KeycloakServer;
import org.lifeline.servers.PostgresServer;
import org.lifeline.servers.ServerProcess;
import org.lifeline.servers.SharedServers;
import org.lifeline.servers.Tokens;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Issue 8's acceptance, through the gateway: a district officer approves a partner, the new client gets a
 * token from the real Keycloak and calls a partner endpoint through the gateway; once suspended, its token is
 * refused and Keycloak gives it no new one (services/cogovernance/README.md, "A partner, step by step"). The pass
 * public key and revocation list are served through the gateway without a token.
 */
class PartnerThroughGatewayIT {

    static ServerProcess cogovernance;
    static ServerProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        int pgPort = SharedServers.postgresPort();
        String database = "e2e_cogovernance";
        PostgresServer.ensureDatabase("localhost", pgPort, PostgresServer.USER, "postgres", database);
        int cogovernancePort = ServerProcess.freePort();
        int gatewayPort = ServerProcess.freePort();
        cogovernance = StackThroughGatewayIT.startService("cogovernance", "services/cogovernance/target/quarkus-app/quarkus-run.jar",
                Map.of("QUARKUS_HTTP_PORT", Integer.toString(cogovernancePort),
                        "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + pgPort + "/" + database,
                        "KEYCLOAK_URL", SharedServers.keycloakUrl(),
                        "KAFKA_BOOTSTRAP", SharedServers.kafkaBootstrap(),
                        "COGOVERNANCE_EVENTS_GROUP_ID", "e2e-cogovernance-" + UUID.randomUUID(),
                        "COGOVERNANCE_KEYCLOAK_CLIENT_SECRET", KeycloakServer.COGOVERNANCE_DEMO_SECRET), cogovernancePort);
        gateway = StackThroughGatewayIT.startService("gateway-cogovernance", "gateway/target/quarkus-app/quarkus-run.jar", Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(gatewayPort),
                "QUARKUS_MANAGEMENT_PORT", Integer.toString(ServerProcess.freePort()),
                "KEYCLOAK_URL", SharedServers.keycloakUrl(),
                "COGOVERNANCE_URL", "http://localhost:" + cogovernancePort), gatewayPort);
        RestAssured.port = gatewayPort;
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        publishPlace("610113001", "电子城街道", "street", "610113", "/6101/610113/610113001/");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        if (cogovernance != null) {
            cogovernance.stop();
        }
    }

    @Test
    void shouldApproveAPartnerWhoseTokenWorksThroughTheGatewayUntilSuspended() throws Exception {
        String name = "鲜丰超市 " + UUID.randomUUID().toString().substring(0, 6);
        Map<String, Object> application = Map.of("name", name, "kind", "merchant", "contactName", "周经理",
                "contactPhone", "13611112222", "areaCodes", List.of("610113001"));
        String partner = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                given().auth().oauth2(Tokens.of("merchant1")).contentType("application/json").body(application)
                        .post("/api/cogovernance/partners").then().extract(), r -> r.statusCode() == 201).path("id");

        JsonPath approval = given().auth().oauth2(Tokens.of("district1")).contentType("application/json")
                .body(Map.of("decision", "approved", "note", "licence checked"))
                .post("/api/cogovernance/partners/" + partner + "/decision").then().statusCode(200).extract().jsonPath();
        String clientId = approval.getString("credentials.clientId");
        HttpResponse<String> issued = clientCredentials(clientId, approval.getString("credentials.clientSecret"));
        assertEquals(200, issued.statusCode(), issued.body());
        String token = JsonPath.from(issued.body()).getString("access_token");

        given().auth().oauth2(token).get("/api/cogovernance/partners/me").then().statusCode(200)
                .body("name", equalTo(name)).body("status", equalTo("approved"));
        String secret = given().auth().oauth2(token).post("/api/cogovernance/partners/me/secret").then().statusCode(200)
                .extract().path("clientSecret");

        given().auth().oauth2(Tokens.of("district1")).contentType("application/json").body(Map.of("reason", "sold expired goods"))
                .post("/api/cogovernance/partners/" + partner + "/suspension").then().statusCode(200);
        given().auth().oauth2(token).get("/api/cogovernance/partners/me").then().statusCode(403)
                .contentType("application/problem+json");
        assertNotEquals(200, clientCredentials(clientId, secret).statusCode());
    }

    @Test
    void shouldPublishThePassKeysThroughTheGatewayWithoutAToken() {
        given().get("/api/cogovernance/passes/jwks.json").then().statusCode(200)
                .body("keys[0].kty", equalTo("OKP")).body("keys[0].crv", equalTo("Ed25519"));
        given().get("/api/cogovernance/passes/revocations").then().statusCode(200);
        given().get("/api/cogovernance/passes").then().statusCode(401);
    }

    static HttpResponse<String> clientCredentials(String clientId, String secret) throws Exception {
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(SharedServers.realmUrl()
                        + "/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void publishPlace(String code, String name, String level, String parent, String path) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafkaBootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        String event = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/lifeline/e2e\","
                + "\"type\":\"org.lifeline.residents.PlaceCreated.v1\",\"subject\":\"" + code + "\",\"time\":\""
                + OffsetDateTime.now(ZoneOffset.UTC) + "\",\"datacontenttype\":\"application/json\",\"data\":{\"code\":\"" + code
                + "\",\"name\":\"" + name + "\",\"level\":\"" + level + "\",\"parentCode\":\"" + parent + "\",\"path\":\"" + path + "\"}}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>("lifeline.residents.place.v1", code, event)).get();
        }
    }
}
