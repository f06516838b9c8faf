package org.lifeline.e2e;

import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.lifeline.servers.LifelineHome;
import org.lifeline.servers.PartnerEvents;
import org.lifeline.servers.PostgresServer;
import org.lifeline.servers.ServerProcess;
import org.lifeline.servers.SharedServers;
import org.lifeline.servers.Tokens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walking skeleton's acceptance, automated: the packaged residents service and gateway run as
 * processes (as {@code ./lifeline up} runs them) against the real servers; the README's calls go
 * through the gateway; stopping residents makes the gateway answer 503 problem+json at once, and
 * starting it again heals without restarting the gateway.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackThroughGatewayIT {

    static int residentsPort;
    static int gatewayPort;
    static int testingPort;
    static int suppliesPort;
    static ServerProcess residents;
    static ServerProcess testing;
    static ServerProcess supplies;
    static ServerProcess gateway;
    static Map<String, String> residentsEnv;

    @BeforeAll
    static void start() {
        int pgPort = SharedServers.postgresPort();
        String database = "e2e_residents";
        PostgresServer.ensureDatabase("localhost", pgPort, PostgresServer.USER, "postgres", database);
        residentsPort = ServerProcess.freePort();
        gatewayPort = ServerProcess.freePort();
        String pgUrl = "localhost:" + pgPort + "/" + database;
        residentsEnv = Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(residentsPort),
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + pgUrl,
                "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://" + pgUrl,
                "KEYCLOAK_URL", SharedServers.keycloakUrl(),
                "KAFKA_BOOTSTRAP", SharedServers.kafkaBootstrap(),
                "RESIDENTS_DEMO_ENABLED", "true");
        residents = startResidents();
        String testingDb = "e2e_testing";
        PostgresServer.ensureDatabase("localhost", pgPort, PostgresServer.USER, "postgres", testingDb);
        testingPort = ServerProcess.freePort();
        testing = startService("testing", "services/testing/target/quarkus-app/quarkus-run.jar", Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(testingPort),
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + pgPort + "/" + testingDb,
                "KEYCLOAK_URL", SharedServers.keycloakUrl(),
                "KAFKA_BOOTSTRAP", SharedServers.kafkaBootstrap()), testingPort);
        String suppliesDb = "e2e_supplies";
        PostgresServer.ensureDatabase("localhost", pgPort, PostgresServer.USER, "postgres", suppliesDb);
        suppliesPort = ServerProcess.freePort();
        supplies = startService("supplies", "services/supplies/target/quarkus-app/quarkus-run.jar", Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(suppliesPort),
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + pgPort + "/" + suppliesDb,
                "KEYCLOAK_URL", SharedServers.keycloakUrl(),
                "KAFKA_BOOTSTRAP", SharedServers.kafkaBootstrap()), suppliesPort);
        gateway = startService("gateway", "gateway/target/quarkus-app/quarkus-run.jar", Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(gatewayPort),
                "QUARKUS_MANAGEMENT_PORT", Integer.toString(ServerProcess.freePort()),
                "KEYCLOAK_URL", SharedServers.keycloakUrl(),
                "RESIDENTS_URL", "http://localhost:" + residentsPort,
                "TESTING_URL", "http://localhost:" + testingPort,
                "SUPPLIES_URL", "http://localhost:" + suppliesPort), gatewayPort);
        RestAssured.port = gatewayPort;
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        // co-governance does not run here: the demo partners are announced as it announces them
        String gatewayUrl = "http://localhost:" + gatewayPort;
        PartnerEvents.announceDemoPartnersAndWait(SharedServers.kafkaBootstrap(), gatewayUrl, gatewayUrl);
    }

    static ServerProcess startResidents() {
        return startService("residents", "services/residents/target/quarkus-app/quarkus-run.jar", residentsEnv, residentsPort);
    }

    static ServerProcess startService(String name, String jar, Map<String, String> env, int port) {
        Path root = LifelineHome.root();
        Path jarPath = root.resolve(jar);
        assertTrue(Files.exists(jarPath), jarPath + " is missing: package the modules first");
        Path logs = root.resolve(".devstack/e2e");
        ServerProcess process = ServerProcess.start(name, List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Xmx384m", "-jar", jarPath.toString()), root, env, logs.resolve(name + ".log"),
                logs.resolve(name + ".pid"));
        process.awaitReady(() -> ServerProcess.httpOk(ServerProcess.readinessUrl(env, port)), Duration.ofMinutes(2));
        return process;
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        if (testing != null) {
            testing.stop();
        }
        if (supplies != null) {
            supplies.stop();
        }
        if (residents != null) {
            residents.stop();
        }
    }

    @Test
    @Order(1)
    void shouldServeTheReadmesCallsThroughTheGateway() {
        given().auth().oauth2(Tokens.of("staff1")).queryParam("size", 3).get("/api/residents/households")
                .then().statusCode(200)
                .body("items", not(empty()))
                .body("items[0].code", matchesPattern("610113001001-.*"));
        String household = given().auth().oauth2(Tokens.of("staff1")).queryParam("size", 1)
                .get("/api/residents/households").then().extract().path("items[0].id");
        given().auth().oauth2(Tokens.of("staff1")).get("/api/residents/households/" + household)
                .then().statusCode(200)
                .body("persons[0].idNumber", matchesPattern("61\\*{14}[0-9X]{2}"))
                .body("persons[0].phone", matchesPattern("(1[0-9]{2}\\*{4}[0-9]{4})?"));
        given().get("/api/residents/households")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(Tokens.of("resident1")).get("/api/residents/households/mine")
                .then().statusCode(200).body("code", equalTo("610113001001-01-01-1-0101"));
        String other = given().auth().oauth2(Tokens.of("staff1")).queryParam("place", "610113001001-01-01-1")
                .queryParam("size", 2).get("/api/residents/households").then().extract().path("items[1].id");
        given().auth().oauth2(Tokens.of("resident1")).get("/api/residents/households/" + other)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    @Order(2)
    void shouldAnswer503AtOnceWhileResidentsIsDownAndHealWhenItIsBack() {
        String token = Tokens.of("staff1");
        residents.stop();
        long started = System.nanoTime();
        given().auth().oauth2(token).get("/api/residents/households")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("https://lifeline.example.org/problems/upstream-unavailable"));
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(1).toNanos(), "answered within a second, no hang");

        residents = startResidents();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().auth().oauth2(token).get("/api/residents/households").statusCode() == 200);
    }

    @Test
    @Order(3)
    void shouldRunADoorToDoorSurveyThroughTheGatewayWithAGridWorkersToken() {
        String building = "610113001001-01-02"; // in grid1's compound; 36 demo households
        String round = given().auth().oauth2(Tokens.of("staff1")).contentType("application/json")
                .body(Map.of("areaCode", building, "title", "e2e round",
                        "dueAt", java.time.OffsetDateTime.now().plusDays(1).toString()))
                .post("/api/residents/surveys").then().statusCode(201).extract().path("id");
        List<String> households = given().auth().oauth2(Tokens.of("grid1")).queryParam("place", building)
                .queryParam("size", 3).get("/api/residents/households").then().statusCode(200).extract().path("items.id");
        String grid1 = Tokens.of("grid1");
        for (int i = 0; i < 3; i++) {
            Map<String, Object> visit = i < 2 ? Map.of("householdId", households.get(i), "visited", true)
                    : Map.of("householdId", households.get(i), "visited", false, "notVisitedReason", "refused");
            given().auth().oauth2(grid1).contentType("application/json").body(visit)
                    .post("/api/residents/surveys/" + round + "/visits").then().statusCode(201);
        }
        given().auth().oauth2(grid1).get("/api/residents/surveys/" + round + "/progress")
                .then().statusCode(200)
                .body("total", equalTo(36)).body("visited", equalTo(2)).body("attemptedNotVisited", equalTo(1))
                .body("buildings[0].code", equalTo(building));
        given().auth().oauth2(grid1).get("/api/residents/surveys/" + round + "/unvisited")
                .then().statusCode(200).body("totalItems", equalTo(34));
        given().auth().oauth2(Tokens.of("grid2")).get("/api/residents/surveys/" + round + "/progress")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.of("grid2")).contentType("application/json")
                .body(Map.of("householdId", households.get(0), "visited", true))
                .post("/api/residents/surveys/" + round + "/visits").then().statusCode(404);
    }

    @Test
    @Order(4)
    void shouldImportARegisterLargerThanTheBufferedLimitAndExportItThroughTheGateway() {
        // 25,000 rows (about 2.4 MB): more than the gateway buffers (2 MB), so it must be streamed
        java.util.Random random = new java.util.Random();
        String region = "6" + String.format("%05d", random.nextInt(100_000));
        String compound = "网关导入" + Integer.toString(random.nextInt(1 << 30), 36);
        StringBuilder csv = new StringBuilder("社区编码,小区,楼栋,单元,房号,姓名,身份证号,手机号,与户主关系,特殊人群\n");
        for (int i = 0; i < 25_000; i++) {
            java.time.LocalDate birth = java.time.LocalDate.of(1950, 1, 1).plusDays(i / 500);
            String first17 = region + birth.toString().replace("-", "") + String.format("%03d", i % 500);
            String id = first17 + org.lifeline.platform.privacy.NationalId.checkCharacter(first17);
            csv.append(String.join(",", "610113001001", compound, (1 + i / 1000) + "号楼", "1单元",
                    String.format("%04d", 101 + i % 1000), "导入" + i, id, "", i % 2 == 0 ? "户主" : "配偶", "")).append('\n');
        }
        csv.append("610113001001,").append(compound).append(",1号楼,1单元,9999,坏号码,123,,户主,\n");
        byte[] file = csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(file.length > 2 * 1024 * 1024, "bigger than the buffered limit: " + file.length);

        // refused before the body is read: a 2.4 MB upload would be cut off mid-write, so the anonymous try sends a short file
        given().multiPart("file", "register.csv", csv.substring(0, 400).getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/csv")
                .post("/api/residents/imports").then().statusCode(401);
        String location = given().auth().oauth2(Tokens.of("staff1")).multiPart("file", "register.csv", file, "text/csv")
                .post("/api/residents/imports").then().statusCode(202).extract().header("Location");
        String job = location.substring(location.indexOf("/api/"));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                List.of("done", "failed").contains(given().auth().oauth2(Tokens.of("staff1")).get(job)
                        .then().statusCode(200).extract().<String>path("status")));
        given().auth().oauth2(Tokens.of("staff1")).get(job).then().statusCode(200)
                .body("status", equalTo("done"))
                .body("personsCreated", equalTo(25_000))
                .body("rowsRejected", equalTo(1));
        String report = given().auth().oauth2(Tokens.of("staff1")).get(job + "/errors.csv")
                .then().statusCode(200).extract().asString();
        assertTrue(report.contains("25002,idNumber,invalid-id-number"), report);
        given().auth().oauth2(Tokens.of("staff2")).get(job).then().statusCode(404);

        String compoundCode = given().auth().oauth2(Tokens.of("staff1")).queryParam("parent", "610113001001")
                .queryParam("size", 500).get("/api/residents/places").then().statusCode(200)
                .extract().path("items.find { it.name == '" + compound + "' }.code");
        byte[] xlsx = given().auth().oauth2(Tokens.of("staff1")).queryParam("place", compoundCode)
                .queryParam("format", "xlsx").get("/api/residents/exports/persons")
                .then().statusCode(200).header("X-Total-Count", "25000").extract().asByteArray();
        assertTrue(xlsx.length > 100_000 && xlsx[0] == 'P' && xlsx[1] == 'K', "an .xlsx workbook of the 25,000 persons");
    }

    @Test
    @Order(5)
    void shouldRunAPcrRoundFromCampaignToSealedHouseholdsAcrossTheServices() {
        // the demo compound of staff1's community; testing knows it from residents' events
        String compound = "610113001001-01";
        String suffix = Integer.toString(new java.util.Random().nextInt(1 << 30), 36);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() ->
                given().auth().oauth2(Tokens.of("staff1")).contentType("application/json")
                        .body(Map.of("areaCode", compound, "title", "e2e " + suffix, "testDate", "2022-01-08", "poolSize", 3))
                        .post("/api/testing/campaigns").statusCode() == 201);
        String campaign = given().auth().oauth2(Tokens.of("staff1")).get("/api/testing/campaigns")
                .then().statusCode(200).extract().path("items.find { it.title == 'e2e " + suffix + "' }.id");

        // four persons of households of one unit not under control yet, as residents lists them
        List<String> households = given().auth().oauth2(Tokens.of("staff1")).queryParam("place", compound + "-02-2")
                .queryParam("status", "normal").queryParam("size", 4).get("/api/residents/households").then().statusCode(200).extract().path("items.id");
        List<String[]> persons = new java.util.ArrayList<>();
        for (String h : households) {
            List<String> ids = given().auth().oauth2(Tokens.of("staff1")).get("/api/residents/households/" + h)
                    .then().statusCode(200).extract().path("persons.id");
            ids.forEach(id -> persons.add(new String[] { id, h }));
        }
        assertTrue(persons.size() >= 4, "four persons in " + households);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> households.stream()
                .allMatch(h -> given().auth().oauth2(Tokens.of("staff1")).get("/api/testing/households/" + h).statusCode() == 200));

        String pooled = "E2EP" + suffix;
        String single = "E2ES" + suffix;
        for (String[] tube : new String[][] { { pooled, "pooled" }, { single, "single" } }) {
            given().auth().oauth2(Tokens.of("staff1")).contentType("application/json")
                    .body(Map.of("barcode", tube[0], "kind", tube[1])).post("/api/testing/campaigns/" + campaign + "/tubes")
                    .then().statusCode(201);
        }
        for (int i = 0; i < 4; i++) {
            given().auth().oauth2(Tokens.of("staff1")).contentType("application/json")
                    .body(Map.of("personId", persons.get(i)[0])).post("/api/testing/tubes/" + (i < 3 ? pooled : single) + "/samples")
                    .then().statusCode(201);
        }
        given().auth().oauth2(Tokens.of("staff1")).contentType("application/json")
                .body(Map.of("lab", "demo-lab", "barcodes", List.of(pooled, single))).post("/api/testing/handovers")
                .then().statusCode(201);
        String lab = Tokens.ofClient("demo-lab", "demo-lab-secret");
        Map<String, Object> batch = Map.of("results", List.of(Map.of("barcode", pooled, "result", "positive"),
                Map.of("barcode", single, "result", "positive")));
        given().auth().oauth2(lab).contentType("application/json").body(batch).post("/api/testing/results")
                .then().statusCode(200).body("recorded", equalTo(2));
        given().auth().oauth2(lab).contentType("application/json").body(batch).post("/api/testing/results")
                .then().statusCode(200).body("unchanged", equalTo(2));
        given().auth().oauth2(Tokens.ofClient("demo-lab-2", "demo-lab-2-secret")).contentType("application/json")
                .body(batch).post("/api/testing/results").then().statusCode(403);

        // residents, via Kafka: the single-tube person's household sealed, the pooled ones at least controlled
        String sealedHousehold = persons.get(3)[1];
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() ->
                "sealed".equals(given().auth().oauth2(Tokens.of("staff1")).get("/api/residents/households/" + sealedHousehold)
                        .then().extract().path("status.status")));
        for (int i = 0; i < 3; i++) {
            String h = persons.get(i)[1];
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> List.of("controlled", "sealed")
                    .contains(given().auth().oauth2(Tokens.of("staff1")).get("/api/residents/households/" + h)
                            .then().extract().path("status.status")));
        }
        // testing: the pooled three must re-test; coverage counts the four as tested
        given().auth().oauth2(Tokens.of("staff1")).get("/api/testing/households/" + persons.get(0)[1]).then().statusCode(200)
                .body("persons.find { it.personId == '" + persons.get(0)[0] + "' }.latest.state", equalTo("retest-required"));
        given().auth().oauth2(Tokens.of("staff1")).get("/api/testing/campaigns/" + campaign + "/coverage")
                .then().statusCode(200).body("total.tested", equalTo(4));
        given().auth().oauth2(Tokens.of("staff2")).get("/api/testing/campaigns/" + campaign).then().statusCode(404);
        given().auth().oauth2(Tokens.of("resident2")).get("/api/testing/households/" + sealedHousehold).then().statusCode(404);

        // the first household's members of the pooled tube re-test singly, negative: residents lifts the control
        String first = persons.get(0)[1];
        assertTrue(!first.equals(sealedHousehold), "the first household is not the sealed one");
        given().auth().oauth2(Tokens.of("staff1")).get("/api/residents/households/" + first).then().statusCode(200)
                .body("status.status", equalTo("controlled")).body("status.source", equalTo("testing:" + pooled));
        List<String> retests = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (persons.get(i)[1].equals(first)) {
                String tube = "E2ER" + i + suffix;
                given().auth().oauth2(Tokens.of("staff1")).contentType("application/json")
                        .body(Map.of("barcode", tube, "kind", "single")).post("/api/testing/campaigns/" + campaign + "/tubes")
                        .then().statusCode(201);
                given().auth().oauth2(Tokens.of("staff1")).contentType("application/json")
                        .body(Map.of("personId", persons.get(i)[0])).post("/api/testing/tubes/" + tube + "/samples")
                        .then().statusCode(201);
                retests.add(tube);
            }
        }
        given().auth().oauth2(Tokens.of("staff1")).contentType("application/json")
                .body(Map.of("lab", "demo-lab", "barcodes", retests)).post("/api/testing/handovers").then().statusCode(201);
        given().auth().oauth2(lab).contentType("application/json")
                .body(Map.of("results", retests.stream().map(t -> Map.of("barcode", t, "result", "negative")).toList()))
                .post("/api/testing/results").then().statusCode(200).body("recorded", equalTo(retests.size()));
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() ->
                "normal".equals(given().auth().oauth2(Tokens.of("staff1")).get("/api/residents/households/" + first)
                        .then().extract().path("status.status")));
        given().auth().oauth2(Tokens.of("staff1")).get("/api/residents/households/" + first).then()
                .body("status.source", equalTo("testing:cleared:" + pooled));
        given().auth().oauth2(Tokens.of("staff1")).get("/api/residents/households/" + sealedHousehold).then()
                .body("status.status", equalTo("sealed"));
    }

    @Test
    @Order(6)
    void shouldOrderSuppliesThroughTheGatewayOnceAndShowThemInTheOverview() {
        String household = given().auth().oauth2(Tokens.of("resident1")).get("/api/residents/households/mine")
                .then().statusCode(200).extract().path("id");
        // supplies knows the household from residents' events
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() ->
                given().auth().oauth2(Tokens.of("resident1")).get("/api/supplies/households/" + household).statusCode() == 200);
        String merchant = Tokens.ofClient("demo-merchant", "demo-merchant-secret");
        String offer = given().auth().oauth2(merchant).contentType("application/json")
                .body(Map.of("itemCode", "vegetables", "priceCents", 2990, "stock", 100, "areaCodes", List.of("610113001001")))
                .post("/api/supplies/offers").then().statusCode(201).extract().path("id");
        String key = "e2e-" + java.util.UUID.randomUUID();
        Map<String, Object> order = Map.of("householdId", household, "offerId", offer, "quantity", 1);
        String id = given().auth().oauth2(Tokens.of("resident1")).contentType("application/json")
                .header("Idempotency-Key", key).body(order).post("/api/supplies/orders")
                .then().statusCode(201).body("status", equalTo("confirmed")).extract().path("id");
        given().auth().oauth2(Tokens.of("resident1")).contentType("application/json")
                .header("Idempotency-Key", key).body(order).post("/api/supplies/orders")
                .then().statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo(id));
        given().auth().oauth2(merchant).get("/api/supplies/orders/" + id).then().statusCode(200);
        given().auth().oauth2(Tokens.ofClient("demo-merchant-2", "demo-merchant-2-secret"))
                .get("/api/supplies/orders/" + id).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.of("resident1")).get("/api/households/" + household + "/overview")
                .then().statusCode(200)
                .body("parts.supplies.items.id", org.hamcrest.Matchers.hasItem(id));
    }
}
