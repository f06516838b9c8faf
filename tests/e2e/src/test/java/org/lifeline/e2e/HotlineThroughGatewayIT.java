package org.lifeline.e2e;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.lifeline.platform.privacy.NationalId;
import org.lifeline.servers.KeycloakServer;
import org.lifeline.servers.LifelineHome;
import org.lifeline.servers.PostgresServer;
import org.lifeline.servers.ServerProcess;
import org.lifeline.servers.SharedServers;
import org.lifeline.servers.Tokens;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20's "done when", through the gateway against the real servers: the packaged residents and hotline services
 * and the gateway run as processes. One household's need reaches the hotline by an operator's call, the portal and
 * a signed SMS and becomes one ticket with three contacts; another community's staff and operator cannot see it, a
 * resident sees only their own; a ticket nobody answers escalates to the street, then the district, at its
 * deadlines; a missed callback escalates. Deadlines are short here (system properties of the hotline process:
 * life-safety first response and re-escalation 4 s); the waits are for the service's deadline worker, never timed
 * assertions.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HotlineThroughGatewayIT {

    static final String WEBHOOK_SECRET = "e2e-webhook-secret";
    static final String COMMUNITY = "610113001001";

    static ServerProcess residents;
    static ServerProcess hotline;
    static ServerProcess gateway;
    static String household;
    static String phone;
    static String ticket;

    @BeforeAll
    static void start() {
        int pg = SharedServers.postgresPort();
        // residents keeps its database between runs (the demo households keep their ids); the hotline starts empty
        PostgresServer.ensureDatabase("localhost", pg, PostgresServer.USER, "postgres", "e2e_hotline_residents");
        recreateDatabase(pg, "e2e_hotline");
        int residentsPort = ServerProcess.freePort();
        int hotlinePort = ServerProcess.freePort();
        int gatewayPort = ServerProcess.freePort();
        residents = start("hotline-residents", "services/residents/target/quarkus-app/quarkus-run.jar", List.of(), Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(residentsPort),
                "QUARKUS_DATASOURCE_JDBC_URL", SharedServers.jdbcUrl("e2e_hotline_residents"),
                "QUARKUS_DATASOURCE_REACTIVE_URL", SharedServers.reactiveUrl("e2e_hotline_residents"),
                "KEYCLOAK_URL", SharedServers.keycloakUrl(),
                "KAFKA_BOOTSTRAP", SharedServers.kafkaBootstrap(),
                "RESIDENTS_DEMO_ENABLED", "true"), residentsPort);
        hotline = start("hotline", "services/hotline/target/quarkus-app/quarkus-run.jar", List.of(
                "-Dhotline.sla.life-safety.first-response=4s", "-Dhotline.sla.life-safety.re-escalate=4s"), Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(hotlinePort),
                "QUARKUS_DATASOURCE_JDBC_URL", SharedServers.jdbcUrl("e2e_hotline"),
                "KEYCLOAK_URL", SharedServers.keycloakUrl(),
                "KAFKA_BOOTSTRAP", SharedServers.kafkaBootstrap(),
                // a group of its own: this run's read model from the start of residents' topics
                "HOTLINE_EVENTS_GROUP_ID", "e2e-hotline-" + UUID.randomUUID(),
                "RESIDENTS_URL", "http://localhost:" + residentsPort,
                "HOTLINE_KEYCLOAK_CLIENT_SECRET", KeycloakServer.HOTLINE_DEMO_SECRET,
                "HOTLINE_WEBHOOK_SECRET", WEBHOOK_SECRET), hotlinePort);
        gateway = start("hotline-gateway", "gateway/target/quarkus-app/quarkus-run.jar", List.of(), Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(gatewayPort),
                "QUARKUS_MANAGEMENT_PORT", Integer.toString(ServerProcess.freePort()),
                "KEYCLOAK_URL", SharedServers.keycloakUrl(),
                "RESIDENTS_URL", "http://localhost:" + residentsPort,
                "HOTLINE_URL", "http://localhost:" + hotlinePort), gatewayPort);
        RestAssured.port = gatewayPort;
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();

        household = given().auth().oauth2(Tokens.of("resident1")).get("/api/residents/households/mine")
                .then().statusCode(200).extract().path("id");
        // a member with a phone number of this run only, so an SMS from it matches exactly this household
        phone = "139" + String.format("%08d", new Random().nextInt(100_000_000));
        String first17 = "610113" + "19900101" + String.format("%03d", new Random().nextInt(1000));
        given().auth().oauth2(Tokens.of("staff1")).contentType("application/json")
                .body(Map.of("name", "热线测试", "idNumber", first17 + NationalId.checkCharacter(first17), "phone", phone,
                        "relation", "child", "flags", List.of()))
                .post("/api/residents/households/" + household + "/persons").then().statusCode(201);
    }

    static ServerProcess start(String name, String jar, List<String> properties, Map<String, String> env, int port) {
        Path root = LifelineHome.root();
        Path jarPath = root.resolve(jar);
        assertTrue(Files.exists(jarPath), jarPath + " is missing: package the modules first");
        Path logs = root.resolve(".devstack/e2e");
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m"));
        command.addAll(properties);
        command.addAll(List.of("-jar", jarPath.toString()));
        ServerProcess process = ServerProcess.start(name, command, root, env, logs.resolve(name + ".log"), logs.resolve(name + ".pid"));
        process.awaitReady(() -> ServerProcess.httpOk(ServerProcess.readinessUrl(env, port)), Duration.ofMinutes(2));
        return process;
    }

    static void recreateDatabase(int port, String database) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", PostgresServer.USER,
                "postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot drop " + database, e);
        }
        PostgresServer.ensureDatabase("localhost", port, PostgresServer.USER, "postgres", database);
    }

    @AfterAll
    static void stop() {
        for (ServerProcess p : new ServerProcess[] { gateway, hotline, residents }) {
            if (p != null) {
                p.stop();
            }
        }
    }

    /** An operator's contact; repeated while the hotline's read model does not know the household yet (404, nothing done). */
    static Response operatorCall(String user, Map<String, Object> body) {
        Response[] last = new Response[1];
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            last[0] = given().auth().oauth2(Tokens.of(user)).contentType("application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString()).body(body).post("/api/hotline/contacts");
            return last[0].statusCode() != 404;
        });
        return last[0];
    }

    static Response sms(String messageId, String from, String text, String secret) {
        String body = "{\"messageId\":\"" + messageId + "\",\"channel\":\"sms\",\"from\":\"" + from + "\",\"text\":\"" + text
                + "\",\"category\":\"supplies\"}";
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return given().contentType("application/json").header("X-Lifeline-Timestamp", timestamp)
                .header("X-Lifeline-Signature", "sha256=" + hmac(secret, timestamp + "." + body)).body(body)
                .post("/api/hotline/webhooks/messages");
    }

    static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    void shouldMakeOneTicketWithThreeContactsOfACallThePortalAndAnSms() {
        Response call = operatorCall("operator1", Map.of("householdId", household, "category", "supplies", "urgency", "general",
                "channel", "phone-12345", "text", "家里的米和菜都吃完了", "callerPhone", phone));
        call.then().statusCode(201).body("merged", equalTo(false)).body("ticket.contactsCount", equalTo(1));
        ticket = call.path("ticket.id");

        given().auth().oauth2(Tokens.of("resident1")).contentType("application/json")
                .body(Map.of("category", "supplies", "text", "还是没有米，家里有老人"))
                .post("/api/hotline/my/contacts").then().statusCode(200)
                .body("merged", equalTo(true)).body("ticket.id", equalTo(ticket)).body("ticket.contactsCount", equalTo(2));

        // the SMS gateway writes the number its own way: +86, spaces, dashes
        String from = "+86 " + phone.substring(0, 3) + " " + phone.substring(3, 7) + "-" + phone.substring(7);
        String messageId = "e2e-" + UUID.randomUUID();
        sms(messageId, from, "米已经吃完了，请尽快送", "not-the-secret").then().statusCode(401)
                .contentType("application/problem+json");
        sms(messageId, from, "米已经吃完了，请尽快送", WEBHOOK_SECRET).then().statusCode(200)
                .body("status", equalTo("matched")).body("ticketId", equalTo(ticket));
        sms(messageId, from, "米已经吃完了，请尽快送", WEBHOOK_SECRET).then().statusCode(200)
                .body("status", equalTo("duplicate"));

        given().auth().oauth2(Tokens.of("operator1")).get("/api/hotline/tickets/" + ticket).then().statusCode(200)
                .body("ticket.contactsCount", equalTo(3))
                .body("ticket.status", equalTo("open"))
                .body("contacts.channel", equalTo(List.of("phone-12345", "portal", "sms")))
                .body("textMasked", equalTo(true))
                .body("contacts[0].text", nullValue());
        given().auth().oauth2(Tokens.of("operator1")).queryParam("status", "open").queryParam("category", "supplies")
                .queryParam("place", COMMUNITY).get("/api/hotline/tickets").then().statusCode(200)
                .body("items.findAll { it.householdId == '" + household + "' }.size()", equalTo(1));
    }

    @Test
    @Order(2)
    void shouldShowTheTicketOnlyInsideItsCommunityAndToItsOwnHousehold() {
        given().auth().oauth2(Tokens.of("staff1")).get("/api/hotline/tickets/" + ticket).then().statusCode(200);
        given().auth().oauth2(Tokens.of("staff1")).queryParam("size", 500).get("/api/hotline/tickets").then().statusCode(200)
                .body("items.id", hasItem(ticket));
        for (String other : List.of("staff2", "operator2")) {
            given().auth().oauth2(Tokens.of(other)).get("/api/hotline/tickets/" + ticket).then().statusCode(404)
                    .contentType("application/problem+json");
            given().auth().oauth2(Tokens.of(other)).queryParam("size", 500).get("/api/hotline/tickets").then().statusCode(200)
                    .body("items.id", not(hasItem(ticket)));
            given().auth().oauth2(Tokens.of(other)).contentType("application/json").body(Map.of("text", "不是我的辖区"))
                    .post("/api/hotline/tickets/" + ticket + "/reply").then().statusCode(404);
        }
        given().auth().oauth2(Tokens.of("resident2")).get("/api/hotline/tickets/" + ticket).then().statusCode(404);
        given().auth().oauth2(Tokens.of("resident2")).get("/api/hotline/my/tickets").then().statusCode(200)
                .body("id", not(hasItem(ticket)));
        given().auth().oauth2(Tokens.of("resident2")).get("/api/hotline/tickets").then().statusCode(403);
        // the household itself sees its ticket and what was said
        given().auth().oauth2(Tokens.of("resident1")).get("/api/hotline/my/tickets").then().statusCode(200)
                .body("id", hasItem(ticket));
        given().auth().oauth2(Tokens.of("resident1")).get("/api/hotline/tickets/" + ticket).then().statusCode(200)
                .body("textMasked", equalTo(false)).body("contacts[1].text", equalTo("还是没有米，家里有老人"));
    }

    @Test
    @Order(3)
    void shouldEscalateATicketNobodyAnswersToTheStreetThenTheDistrictAtItsDeadlines() {
        Response call = operatorCall("operator1", Map.of("householdId", household, "category", "medical", "urgency", "life-safety",
                "channel", "phone-12345", "text", "老人摔倒后起不来"));
        call.then().statusCode(201).body("ticket.level", equalTo("community"));
        String id = call.path("ticket.id");
        OffsetDateTime firstDue = OffsetDateTime.parse(call.path("ticket.firstResponseDue"));

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> List.of("district", "city")
                .contains(given().auth().oauth2(Tokens.of("operator1")).get("/api/hotline/tickets/" + id).path("ticket.level")));
        Response view = given().auth().oauth2(Tokens.of("operator1")).get("/api/hotline/tickets/" + id);
        List<Map<String, Object>> escalations = view.path("timeline.findAll { it.kind == 'escalated' }");
        assertTrue(escalations.size() >= 2, "escalated at least twice: " + view.asString());
        assertEquals("street", escalations.get(0).get("level"), view.asString());
        assertEquals("district", escalations.get(1).get("level"), view.asString());
        OffsetDateTime toStreet = OffsetDateTime.parse((String) escalations.get(0).get("at"));
        OffsetDateTime toDistrict = OffsetDateTime.parse((String) escalations.get(1).get("at"));
        assertFalse(toStreet.isBefore(firstDue), "to the street at its deadline, not before: " + toStreet + " < " + firstDue);
        assertFalse(toDistrict.isBefore(toStreet.plusSeconds(4)), "to the district at the street's deadline: " + view.asString());
        // the street and the district now own it; it stays the community's to see
        given().auth().oauth2(Tokens.of("district1")).get("/api/hotline/tickets/" + id).then().statusCode(200);
        given().auth().oauth2(Tokens.of("staff2")).get("/api/hotline/tickets/" + id).then().statusCode(404);
    }

    @Test
    @Order(4)
    void shouldEscalateAMissedCallbackAndThenBeResolvedForTheResident() {
        given().auth().oauth2(Tokens.of("staff1")).post("/api/hotline/tickets/" + ticket + "/claim").then().statusCode(200)
                .body("ticket.level", equalTo("community"));
        String due = OffsetDateTime.now().plusSeconds(3).toString();
        Response scheduled = given().auth().oauth2(Tokens.of("staff1")).contentType("application/json")
                .body(Map.of("dueAt", due, "note", "告诉居民送米的时间")).post("/api/hotline/tickets/" + ticket + "/callbacks");
        scheduled.then().statusCode(200).body("callbacks.find { it.status == 'scheduled' }", not(nullValue()));
        String callback = scheduled.path("callbacks.find { it.status == 'scheduled' }.id");
        given().auth().oauth2(Tokens.of("staff1")).get("/api/hotline/callbacks").then().statusCode(200)
                .body("id", hasItem(callback));

        // nobody calls back: the callback is missed and the ticket goes up to the street
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> "missed".equals(
                given().auth().oauth2(Tokens.of("staff1")).get("/api/hotline/tickets/" + ticket)
                        .path("callbacks.find { it.id == '" + callback + "' }.status")));
        given().auth().oauth2(Tokens.of("staff1")).get("/api/hotline/tickets/" + ticket).then().statusCode(200)
                .body("ticket.level", equalTo("street"))
                .body("timeline.kind", hasItem("callback-missed"))
                .body("timeline.find { it.kind == 'escalated' }.level", equalTo("street"));
        given().auth().oauth2(Tokens.of("staff1")).get("/api/hotline/callbacks").then().statusCode(200)
                .body("id", not(hasItem(callback)));

        // the street answers and resolves; the resident sees it resolved
        given().auth().oauth2(Tokens.of("street1")).contentType("application/json").body(Map.of("text", "今天下午送到"))
                .post("/api/hotline/tickets/" + ticket + "/reply").then().statusCode(200);
        given().auth().oauth2(Tokens.of("street1")).contentType("application/json").body(Map.of("summary", "米和菜已送到家门口"))
                .post("/api/hotline/tickets/" + ticket + "/resolve").then().statusCode(200)
                .body("ticket.status", equalTo("resolved"));
        given().auth().oauth2(Tokens.of("resident1")).get("/api/hotline/my/tickets").then().statusCode(200)
                .body("find { it.id == '" + ticket + "' }.status", equalTo("resolved"));
    }
}
