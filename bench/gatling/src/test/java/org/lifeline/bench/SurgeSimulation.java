package org.lifeline.bench;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Surge (issue 10): every route at its normal rate through the real gateway (its configured per-user
 * rate limits), then ten times the normal rate on one route (residents) while the others keep theirs.
 * Expected: 429 with Retry-After on the surged route only, the other routes' p99 unchanged, no 5xx.
 * Open model (constantUsersPerSec): the rate is fixed whatever the answers' latency.
 *
 * System properties: surge.gateway (http://localhost:8080), surge.keycloak (http://localhost:8180),
 * surge.warmup (20 s), surge.phase (60 s each), surge.rate (normal requests/s per user, 1.0), surge.factor (10),
 * surge.out (TSV).
 */
public class SurgeSimulation extends Simulation {

    record Route(String name, String path, List<String> users, double ratePerUser) {
    }

    final String gateway = LoadRecorder.prop("surge.gateway", "http://localhost:8080");
    final String keycloak = LoadRecorder.prop("surge.keycloak", "http://localhost:8180");
    final int warmup = Integer.parseInt(LoadRecorder.prop("surge.warmup", "20"));
    final int phase = Integer.parseInt(LoadRecorder.prop("surge.phase", "60"));
    final double rate = Double.parseDouble(LoadRecorder.prop("surge.rate", "1.0"));
    final double factor = Double.parseDouble(LoadRecorder.prop("surge.factor", "10"));
    final Path out = Path.of(LoadRecorder.prop("surge.out", "target/surge.tsv"));

    // One set of users per route: the gateway's buckets are per user and rate class, so the surging users'
    // 429s are theirs alone. Standard class: 120/min per user (2/s); urgent (medical): 30/min (0.5/s).
    final List<Route> routes = List.of(
            new Route("residents", "/api/residents/households?size=10", List.of("staff1", "staff2", "grid1", "grid2"), rate),
            new Route("testing", "/api/testing/campaigns", List.of("street1", "district1"), rate),
            new Route("supplies", "/api/supplies/orders", List.of("resident1", "resident2"), rate),
            new Route("cogovernance", "/api/cogovernance/tasks?status=open", List.of("volunteer1", "admin1"), rate),
            new Route("medical", "/api/medical/requests?open=true", List.of("health1"), Math.min(rate, 0.25)));
    final String surged = "residents";

    final LoadRecorder recorder = new LoadRecorder(List.of("warmup", "baseline", "surge"), List.of(warmup, phase, phase));

    ScenarioBuilder scenarioOf(Route route) {
        List<String> tokens = new ArrayList<>();
        for (String user : route.users()) {
            tokens.add(LoadRecorder.token(keycloak, user));
        }
        return recorder.routeScenario(route.name(), route.path(), tokens);
    }

    {
        HttpProtocolBuilder protocol = http.baseUrl(gateway).acceptHeader("application/json").shareConnections();
        List<PopulationBuilder> populations = new ArrayList<>();
        for (Route route : routes) {
            double normal = route.ratePerUser() * route.users().size();
            if (route.name().equals(surged)) {
                populations.add(scenarioOf(route).injectOpen(
                        constantUsersPerSec(normal).during(Duration.ofSeconds(warmup + phase)),
                        constantUsersPerSec(normal * factor).during(Duration.ofSeconds(phase))));
            } else {
                populations.add(scenarioOf(route).injectOpen(
                        constantUsersPerSec(normal).during(Duration.ofSeconds(warmup + 2L * phase))));
            }
        }
        setUp(populations).protocols(protocol);
    }

    @Override
    public void after() {
        try {
            recorder.write(out, routes.stream().map(Route::name).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
