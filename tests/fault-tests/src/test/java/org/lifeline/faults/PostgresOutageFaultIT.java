package org.lifeline.faults;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.LifelineHome;
import org.lifeline.servers.PostgresServer;
import org.lifeline.servers.ServerProcess;
import org.lifeline.servers.SharedServers;
import org.lifeline.servers.Tokens;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The residents service (and testing, JDBC with an inbox consumer) on a PostgreSQL server of the test's own, which is stopped (the real server
 * process, {@code pg_ctl stop}) and started again on the same port and data: readiness goes DOWN (503)
 * while liveness stays UP, a write during the outage gets a prompt 503 problem+json (not a hang and
 * not a 500), and the same process becomes ready again and takes writes, with its outbox relay
 * publishing again, without a restart.
 */
class PostgresOutageFaultIT {

    private static PostgresServer postgres;

    @AfterAll
    static void stop() throws Exception {
        Services.stopAll();
        if (postgres != null) {
            postgres.close();
        }
        Services.deleteTree(LifelineHome.root().resolve(".devstack/fault-tests/postgres-outage"));
    }

    @Test
    void shouldReportNotReadyWhilePostgresIsDownAndRecoverWithoutARestart() throws Exception {
        int pgPort = ServerProcess.freePort();
        Path dataDir = LifelineHome.root().resolve(".devstack/fault-tests/postgres-outage");
        Services.deleteTree(dataDir);
        postgres = PostgresServer.start(pgPort, dataDir, true);
        String jdbc = Services.freshDatabase(pgPort, "residents_outage");
        int port = ServerProcess.freePort();
        String url = "http://localhost:" + port;
        ServerProcess residents = Services.start("services/residents", "pg-outage-residents", port,
                Services.serviceEnv(jdbc, SharedServers.keycloakUrl(), Services.kafkaBootstrap()));
        // testing (JDBC pool, inbox consumer of residents' events) on the same server
        String testingJdbc = Services.freshDatabase(pgPort, "testing_outage");
        int testingPort = ServerProcess.freePort();
        String testingUrl = "http://localhost:" + testingPort;
        Map<String, String> testingEnv = Services.serviceEnv(testingJdbc, SharedServers.keycloakUrl(), Services.kafkaBootstrap());
        testingEnv.put("TESTING_RESIDENTS_EVENTS_GROUP_ID", "faults-pg-outage-" + System.nanoTime());
        ServerProcess testing = Services.start("services/testing", "pg-outage-testing", testingPort, testingEnv);
        String unit = Http.unitUnderCommunity1(url, Tokens.of("admin1"), "P" + System.nanoTime() % 100000);
        Http.Answer before = write(url, unit, "before");
        assertEquals(201, before.status());
        String beforeId = before.json().path("id").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                Http.get(testingUrl + "/api/testing/households/" + beforeId, Tokens.of("staff1"), Duration.ofSeconds(10))
                        .status() == 200);

        postgres.close(); // the real server process stops
        long stoppedAt = System.nanoTime();
        Http.Answer[] ready = new Http.Answer[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            ready[0] = Http.get(url + "/q/health/ready", null, Duration.ofSeconds(10));
            return ready[0].status() == 503;
        });
        double notReadyAfter = (System.nanoTime() - stoppedAt) / 1e9;
        assertTrue(ready[0].body().contains("\"DOWN\""), ready[0].body());
        assertEquals(200, Http.get(url + "/q/health/live", null, Duration.ofSeconds(10)).status(),
                "liveness checks the process only: no restart for a database outage");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                Http.get(testingUrl + "/q/health/ready", null, Duration.ofSeconds(10)).status() == 503);
        assertEquals(200, Http.get(testingUrl + "/q/health/live", null, Duration.ofSeconds(10)).status());
        Http.Answer testingRead = Http.get(testingUrl + "/api/testing/households/" + beforeId, Tokens.of("staff1"),
                Duration.ofSeconds(30));
        assertEquals(503, testingRead.status(), () -> "testing (JDBC) while the database is down: " + testingRead);
        assertEquals("application/problem+json", testingRead.header("Content-Type").split(";")[0].trim());

        long t0 = System.nanoTime();
        Http.Answer during = write(url, unit, "during");
        double writeAnsweredIn = (System.nanoTime() - t0) / 1e9;
        assertNotNull(during.response(), () -> "the write during the outage got an answer, not a hang: " + during);
        assertEquals(503, during.status(), () -> "a write while the database is down: " + during);
        assertEquals("application/problem+json", during.header("Content-Type").split(";")[0].trim());
        assertTrue(during.json().path("type").asText().endsWith("/upstream-unavailable"), during.body());
        assertNotNull(during.header("Retry-After"), "the client is told to retry");
        Http.Answer read = Http.get(url + "/api/residents/households?place=" + unit, Tokens.of("staff1"), Duration.ofSeconds(30));
        assertEquals(503, read.status(), () -> "a read while the database is down: " + read);

        postgres = PostgresServer.start(pgPort, dataDir, true); // same port, same data
        long startedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                Http.get(url + "/q/health/ready", null, Duration.ofSeconds(10)).status() == 200);
        double readyAgainAfter = (System.nanoTime() - startedAt) / 1e9;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                Http.get(testingUrl + "/q/health/ready", null, Duration.ofSeconds(10)).status() == 200);
        assertTrue(residents.isAlive() && testing.isAlive(), "the same processes recovered");
        Http.Answer after = write(url, unit, "after");
        assertEquals(201, after.status(), after::toString);
        String afterId = after.json().path("id").asText();

        assertEquals(2, Services.count(jdbc, "SELECT count(*) FROM household WHERE unit_code = ?", unit),
                "the write refused during the outage left nothing; the others are there");
        assertEquals(0, Services.count(jdbc, "SELECT count(*) FROM household WHERE unit_code = ? AND room = 'during'", unit));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                Services.count(jdbc, "SELECT count(*) FROM outbox WHERE event_key = ? AND published_at IS NOT NULL", afterId) == 1);
        // testing's consumer, which could not write while the database was down, applies the new event
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                Services.count(testingJdbc, "SELECT count(*) FROM household_rm WHERE id::text = ?", afterId) == 1);
        assertEquals(2, Services.count(testingJdbc, "SELECT count(*) FROM household_rm WHERE unit_code = ?", unit));

        System.out.printf("FAULT-RESULT postgres: readiness 503 %.1f s after the stop (liveness 200); write during the "
                        + "outage answered %d %s in %.2f s, read %d; ready again %.1f s after the start, same process "
                        + "(pid unchanged), write after 201, its event relayed; testing (JDBC): readiness 503, a read "
                        + "%d, ready again, its consumer applied the new household%n", notReadyAfter, during.status(),
                during.json().path("type").asText(), writeAnsweredIn, read.status(), readyAgainAfter, testingRead.status());
    }

    private static Http.Answer write(String url, String unit, String room) {
        return Http.post(url + "/api/residents/households", Tokens.of("staff1"), Map.of("unitCode", unit, "room", room),
                Map.of(), Duration.ofSeconds(30));
    }
}
