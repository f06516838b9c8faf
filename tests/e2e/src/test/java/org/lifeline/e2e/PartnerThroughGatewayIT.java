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
    static ServerProcess testing;
    static ServerProcess supplies;

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
        // testing and supplies learn partners only from co-governance's events: the suspension test needs both
        int testingPort = ServerProcess.freePort();
        testing = StackThroughGatewayIT.startService("testing-partners", "services/testing/target/quarkus-app/quarkus-run.jar",
                serviceEnv(pgPort, "e2e_partner_testing", testingPort), testingPort);
        int suppliesPort = ServerProcess.freePort();
        supplies = StackThroughGatewayIT.startService("supplies-partners", "services/supplies/target/quarkus-app/quarkus-run.jar",
                serviceEnv(pgPort, "e2e_partner_supplies", suppliesPort), suppliesPort);
        gateway = StackThroughGatewayIT.startService("gateway-cogovernance", "gateway/target/quarkus-app/quarkus-run.jar", Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(gatewayPort),
                "QUARKUS_MANAGEMENT_PORT", Integer.toString(ServerProcess.freePort()),
                "KEYCLOAK_URL", SharedServers.keycloakUrl(),
                "COGOVERNANCE_URL", "http://localhost:" + cogovernancePort,
                "TESTING_URL", "http://localhost:" + testingPort,
                "SUPPLIES_URL", "http://localhost:" + suppliesPort), gatewayPort);
        RestAssured.port = gatewayPort;
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        publishPlace("610113001", "电子城街道", "street", "610113", "/6101/610113/610113001/");
    }

    static Map<String, String> serviceEnv(int pgPort, String database, int port) {
        PostgresServer.ensureDatabase("localhost", pgPort, PostgresServer.USER, "postgres", database);
        return Map.of("QUARKUS_HTTP_PORT", Integer.toString(port),
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + pgPort + "/" + database,
                "KEYCLOAK_URL", SharedServers.keycloakUrl(),
                "KAFKA_BOOTSTRAP", SharedServers.kafkaBootstrap());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        if (supplies != null) {
            supplies.stop();
        }
        if (testing != null) {
            testing.stop();
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

    /**
     * Issue 18 item 4: a merchant and a lab approved by co-governance are answered by supplies and testing through the
     * gateway; once a district officer suspends them, the same unexpired tokens are refused by both at once (from
     * co-governance's partner events), not when the tokens expire.
     */
    @Test
    void shouldRefuseASuspendedMerchantAndLabAtSuppliesAndTestingWithTheirUnexpiredTokens() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String[] merchant = approve("merchant1", Map.of("name", "平价菜店 " + suffix, "kind", "merchant", "contactName", "王店长",
                "contactPhone", "13611113333", "areaCodes", List.of("610113001")));
        String[] lab = approve("lab1", Map.of("name", "检测所 " + suffix, "kind", "lab", "contactName", "李主任",
                "contactPhone", "13611114444", "areaCodes", List.of("610113")));
        String merchantToken = token(merchant[1], merchant[2]);
        String labToken = token(lab[1], lab[2]);

        // approved: supplies lists the merchant's orders; testing lets the lab past the partner check (an empty batch is 400)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                given().auth().oauth2(merchantToken).get("/api/supplies/orders").then().statusCode(200));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                emptyBatch(labToken).then().statusCode(400));

        for (String[] partner : List.of(merchant, lab)) {
            given().auth().oauth2(Tokens.of("district1")).contentType("application/json")
                    .body(Map.of("reason", "licence withdrawn")).post("/api/cogovernance/partners/" + partner[0] + "/suspension")
                    .then().statusCode(200);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(merchantToken).get("/api/supplies/orders").then().statusCode(403)
                        .contentType("application/problem+json"));
        given().auth().oauth2(merchantToken).contentType("application/json")
                .body(Map.of("itemCode", "vegetables", "priceCents", 250, "stock", 100, "areaCodes", List.of("610113001")))
                .post("/api/supplies/offers").then().statusCode(403);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                emptyBatch(labToken).then().statusCode(403).contentType("application/problem+json"));
    }

    /** Applies as {@code applicant}, is approved by district1: partner id, client id, client secret. */
    static String[] approve(String applicant, Map<String, Object> application) {
        String partner = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                given().auth().oauth2(Tokens.of(applicant)).contentType("application/json").body(application)
                        .post("/api/cogovernance/partners").then().extract(), r -> r.statusCode() == 201).path("id");
        JsonPath approval = given().auth().oauth2(Tokens.of("district1")).contentType("application/json")
                .body(Map.of("decision", "approved", "note", "licence checked"))
                .post("/api/cogovernance/partners/" + partner + "/decision").then().statusCode(200).extract().jsonPath();
        return new String[] { partner, approval.getString("credentials.clientId"), approval.getString("credentials.clientSecret") };
    }

    static String token(String clientId, String secret) throws Exception {
        HttpResponse<String> issued = clientCredentials(clientId, secret);
        assertEquals(200, issued.statusCode(), issued.body());
        return JsonPath.from(issued.body()).getString("access_token");
    }

    static io.restassured.response.Response emptyBatch(String labToken) {
        return given().auth().oauth2(labToken).contentType("application/json").body(Map.of("results", List.of()))
                .post("/api/testing/results");
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
        String event = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/lifeline/residents\","
                + "\"type\":\"org.lifeline.residents.PlaceCreated.v1\",\"subject\":\"" + code + "\",\"time\":\""
                + OffsetDateTime.now(ZoneOffset.UTC) + "\",\"datacontenttype\":\"application/json\",\"data\":{\"code\":\"" + code
                + "\",\"name\":\"" + name + "\",\"level\":\"" + level + "\",\"parentCode\":\"" + parent + "\",\"path\":\"" + path + "\"}}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>("lifeline.residents.place.v1", code, event)).get();
        }
    }
}
