package org.lifeline.faults;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.LifelineHome;
import org.lifeline.servers.ServerProcess;
import org.lifeline.servers.SharedServers;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hotline stalled (SIGSTOP: its port still accepts connections, nothing answers), as an overloaded hotline would
 * be, behind a gateway that also routes residents (issue 20: "an overloaded hotline takes nothing else down"). While
 * callers keep hammering the hotline, every residents request through the same gateway answers; the hotline's callers
 * get 504 at the route's timeout and then 503 at once from its open breaker (problem+json, Retry-After), never a hang;
 * once the hotline runs again (SIGCONT) it answers through the gateway without restarting anything.
 */
class HotlineStallFaultIT {

    private static long stalledPid = -1;

    @AfterAll
    static void stop() {
        if (stalledPid > 0) {
            signal("CONT", stalledPid);
        }
        Services.stopAll();
    }

    @Test
    void shouldKeepOtherRoutesAnsweringWhileTheHotlineIsStalled() throws Exception {
        String keycloakUrl = SharedServers.keycloakUrl();
        String kafka = Services.kafkaBootstrap();
        int residentsPort = ServerProcess.freePort();
        int hotlinePort = ServerProcess.freePort();
        int gatewayPort = ServerProcess.freePort();
        String residents = "http://localhost:" + residentsPort;
        String gateway = "http://localhost:" + gatewayPort;
        Services.start("services/residents", "stall-residents", residentsPort,
                Services.serviceEnv(Services.freshDatabase("faults_stall_residents"), keycloakUrl, kafka));
        Map<String, String> hotlineEnv = new HashMap<>(Services.serviceEnv(Services.freshDatabase("faults_stall_hotline"),
                keycloakUrl, kafka));
        hotlineEnv.put("RESIDENTS_URL", residents);
        Services.start("services/hotline", "stall-hotline", hotlinePort, hotlineEnv);
        // the breaker stays open 30 s (production: 5 s), so that on a busy machine the check below still finds it open
        // and not already letting a probe through to the stalled service (a probe answers 504 after the route timeout)
        Services.start("gateway", "stall-gateway", gatewayPort, Map.of("KEYCLOAK_URL", keycloakUrl,
                "RESIDENTS_URL", residents, "HOTLINE_URL", "http://localhost:" + hotlinePort),
                "-Dgateway.routes.hotline.circuit-breaker.delay=30s");

        String staff = Http.token(keycloakUrl, "staff1");
        String operator = Http.token(keycloakUrl, "operator1");
        String households = gateway + "/api/residents/households";
        String queue = gateway + "/api/hotline/tickets?status=open";
        assertEquals(200, Http.get(households, staff, Duration.ofSeconds(10)).status());
        Http.Answer before = Http.get(queue, operator, Duration.ofSeconds(10));
        assertEquals(200, before.status(), before::toString);
        List<Double> baseline = timed(households, staff, 20);

        stalledPid = Long.parseLong(Files.readString(LifelineHome.root().resolve(".devstack/fault-tests/stall-hotline.pid")).trim());
        signal("STOP", stalledPid);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Http.Answer>> hotline = new ArrayList<>();
        List<Double> during;
        List<Integer> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                hotline.add(pool.submit(() -> Http.get(queue, operator, Duration.ofSeconds(30))));
            }
            during = timed(households, staff, 40); // while the hotline's callers wait on it
            for (Future<Http.Answer> call : hotline) {
                Http.Answer a = call.get();
                statuses.add(a.status());
                assertTrue(a.status() == 503 || a.status() == 504, () -> "a stalled hotline answers 503/504: " + a);
                assertEquals("application/problem+json", a.header("Content-Type").split(";")[0].trim());
            }
        } finally {
            pool.shutdownNow();
        }
        long timedOut = statuses.stream().filter(s -> s == 504).count();
        // the breaker is open: refused at once, with Retry-After, in Chinese by default
        long t0 = System.nanoTime();
        Http.Answer open = Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(queue))
                .header("Authorization", "Bearer " + operator).timeout(Duration.ofSeconds(30)).GET().build());
        double openIn = (System.nanoTime() - t0) / 1e6;
        assertEquals(503, open.status(), open::toString);
        assertNotNull(open.header("Retry-After"));
        assertTrue(open.json().path("title").asText().codePoints().anyMatch(c -> Character.UnicodeScript.of(c)
                == Character.UnicodeScript.HAN), open.body());
        assertEquals(200, Http.get(households, staff, Duration.ofSeconds(10)).status());

        signal("CONT", stalledPid);
        stalledPid = -1;
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> Http.get(queue, operator, Duration.ofSeconds(10)).status() == 200);

        System.out.printf("FAULT-RESULT hotline stalled (SIGSTOP) behind the gateway: 64 hotline calls from 16 callers "
                        + "answered 504 (route timeout) x%d and 503 (breaker open) x%d; then 503 with Retry-After in %.0f ms; "
                        + "residents through the same gateway meanwhile: 40 of 40 answered 200, median %.1f ms, max %.1f ms "
                        + "(before the stall: median %.1f ms, max %.1f ms); after SIGCONT the hotline answers 200 again%n",
                timedOut, 64 - timedOut, openIn, median(during), max(during), median(baseline), max(baseline));
    }

    /** {@code n} GETs in a row, each asserted 200; their durations in ms. */
    private static List<Double> timed(String url, String token, int n) {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            Http.Answer a = Http.get(url, token, Duration.ofSeconds(10));
            ms.add((System.nanoTime() - t0) / 1e6);
            assertEquals(200, a.status(), () -> "residents through the gateway while the hotline is stalled: " + a);
        }
        return ms;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static void signal(String signal, long pid) {
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            assertEquals(0, p.waitFor(), "kill -" + signal + " " + pid);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
