package org.lifeline.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.LifelineHome;
import org.lifeline.servers.PostgresServer;
import org.lifeline.servers.ServerProcess;
import org.lifeline.servers.SharedServers;
import org.lifeline.servers.Tokens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged medical service as real processes on one database: a service killed (kill -9) with a
 * deadline pending loses nothing; started again as two replicas at once, they escalate the deadline
 * exactly once. The acknowledgement deadline of a critical request is 6 s here (system property).
 */
class MedicalRestartIT {

    private final List<ServerProcess> processes = new ArrayList<>();
    private final String database = "e2e_medical";

    @AfterEach
    void stop() {
        processes.forEach(ServerProcess::stop);
    }

    @Test
    void shouldEscalateADeadlineThatPassedWhileTheServiceWasKilledExactlyOnceWithTwoReplicasRestarted() throws Exception {
        int pgPort = SharedServers.postgresPort();
        PostgresServer.ensureDatabase("localhost", pgPort, PostgresServer.USER, "postgres", database);
        String jdbc = "jdbc:postgresql://localhost:" + pgPort + "/" + database;
        UUID household = UUID.nameUUIDFromBytes(("e2e-medical-" + System.nanoTime()).getBytes());
        int first = ServerProcess.freePort();
        ServerProcess killed = start("medical-1", first, jdbc);
        publishResident1Household(household);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                given().port(first).auth().oauth2(Tokens.of("staff1")).get("/api/medical/households/" + household + "/requests")
                        .statusCode() == 200);
        String id = given().port(first).auth().oauth2(Tokens.of("resident1")).contentType(ContentType.JSON)
                .body(Map.of("category", "chest-pain-stroke", "description", "胸痛", "contact",
                        Map.of("name", "王芳", "phone", "13912345678")))
                .post("/api/medical/requests").then().statusCode(201).extract().path("request.id");
        killed.kill(); // a crash, well before the deadline
        processes.remove(killed);

        Thread.sleep(7000); // the deadline passes while no medical process runs
        assertEquals(0, count(jdbc, "SELECT count(*) FROM escalation WHERE request_id = ?::uuid", id));
        assertEquals(1, count(jdbc, "SELECT count(*) FROM request_deadline WHERE request_id = ?::uuid "
                + "AND stage = 'acknowledged' AND state = 'pending' AND due_at < now()", id));

        // two replicas start at once on the same database
        int a = ServerProcess.freePort();
        int b = ServerProcess.freePort();
        java.util.concurrent.CompletableFuture<ServerProcess> second =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> start("medical-3", b, jdbc));
        ServerProcess replicaA = start("medical-2", a, jdbc);
        ServerProcess replicaB = second.join(); // fails the test if the second replica did not start
        assertTrue(replicaA.isAlive() && replicaB.isAlive());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                count(jdbc, "SELECT count(*) FROM escalation WHERE request_id = ?::uuid", id) > 0);
        Thread.sleep(4000); // both replicas poll several times more
        assertEquals(1, count(jdbc, "SELECT count(*) FROM escalation WHERE request_id = ?::uuid AND kind = 'automatic'", id));
        assertEquals(1, count(jdbc, "SELECT count(*) FROM notification WHERE request_id = ?::uuid AND level = 'street'", id));
        given().port(b).auth().oauth2(Tokens.of("resident1")).get("/api/medical/requests/" + id).then().statusCode(200)
                .body("request.level", org.hamcrest.Matchers.equalTo("street"))
                .body("timeline.findAll { it.kind == 'escalated' }.size()", org.hamcrest.Matchers.equalTo(1));
    }

    private ServerProcess start(String name, int port, String jdbc) {
        Path root = LifelineHome.root();
        Path jar = root.resolve("services/medical/target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), jar + " is missing: package services/medical first");
        Path logs = root.resolve(".devstack/e2e");
        ServerProcess process = ServerProcess.start(name, List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Xmx256m", "-Dmedical.sla.critical.acknowledged=6s",
                        "-Dmedical.sla.critical.re-escalate=10m", "-jar", jar.toString()), root,
                Map.of("QUARKUS_HTTP_PORT", Integer.toString(port), "QUARKUS_DATASOURCE_JDBC_URL", jdbc,
                        "KEYCLOAK_URL", SharedServers.keycloakUrl(), "KAFKA_BOOTSTRAP", SharedServers.kafkaBootstrap(),
                        "MEDICAL_EVENTS_GROUP_ID", "e2e-medical"),
                logs.resolve(name + ".log"), logs.resolve(name + ".pid"));
        synchronized (processes) {
            processes.add(process);
        }
        process.awaitReady(() -> ServerProcess.httpOk("http://localhost:" + port + "/q/health/ready"), Duration.ofMinutes(2));
        return process;
    }

    private static void publishResident1Household(UUID id) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafkaBootstrap());
        String unit = "610113001001-01-01-1";
        String path = "/6101/610113/610113001/610113001001/610113001001-01/610113001001-01-01/" + unit + "/";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            String[][] places = { { "6101", "city", null, "/6101/" }, { "610113", "district", "6101", "/6101/610113/" },
                    { "610113001", "street", "610113", "/6101/610113/610113001/" },
                    { "610113001001", "community", "610113001", "/6101/610113/610113001/610113001001/" } };
            for (String[] p : places) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("code", p[0]);
                data.put("name", p[0]);
                data.put("level", p[1]);
                data.put("parentCode", p[2]);
                data.put("path", p[3]);
                producer.send(new ProducerRecord<>("lifeline.residents.place.v1", p[0],
                        json.writeValueAsString(event("PlaceCreated", p[0], data)))).get();
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("change", "registered");
            data.put("householdId", id.toString());
            data.put("code", unit + "-0101");
            data.put("unitCode", unit);
            data.put("room", "0101");
            data.put("placePath", path);
            data.put("status", "normal");
            data.put("version", 1);
            data.put("persons", List.of());
            producer.send(new ProducerRecord<>("lifeline.residents.household.v1", id.toString(),
                    json.writeValueAsString(event("HouseholdChanged", id.toString(), data)))).get();
        }
    }

    private static Map<String, Object> event(String type, String subject, Object data) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("specversion", "1.0");
        e.put("id", UUID.randomUUID().toString());
        e.put("source", "/lifeline/residents");
        e.put("type", "org.lifeline.residents." + type + ".v1");
        e.put("subject", subject);
        e.put("time", OffsetDateTime.now(ZoneOffset.UTC).toString());
        e.put("datacontenttype", "application/json");
        e.put("data", data);
        return e;
    }

    private static int count(String jdbc, String sql, String id) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres");
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
