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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Isolation (issues 10 and 20): a fixed rate on every route through a gateway; after the baseline phase the
 * medical and hotline services are stalled (SIGSTOP: their sockets still accept, nothing answers), after the next
 * phase they are killed (SIGKILL: connections refused). The other routes' p99 and errors per phase show what the
 * stalled or dead upstreams cost them. Open model: the rates are fixed, medical's and the hotline's included.
 *
 * System properties: isolation.gateway (http://localhost:18080, a gateway with its user limits raised),
 * isolation.keycloak, isolation.warmup (20 s), isolation.phase (45 s each), isolation.rate (requests/s per
 * route, 3), isolation.medical-rate (1), isolation.hotline-rate (1), isolation.medical-pid and
 * isolation.hotline-pid (required), isolation.out (TSV).
 */
public class IsolationSimulation extends Simulation {

    record Route(String name, String path, String user, double rate) {
    }

    final String gateway = LoadRecorder.prop("isolation.gateway", "http://localhost:18080");
    final String keycloak = LoadRecorder.prop("isolation.keycloak", "http://localhost:8180");
    final int warmup = Integer.parseInt(LoadRecorder.prop("isolation.warmup", "20"));
    final int phase = Integer.parseInt(LoadRecorder.prop("isolation.phase", "45"));
    final double rate = Double.parseDouble(LoadRecorder.prop("isolation.rate", "3"));
    final double medicalRate = Double.parseDouble(LoadRecorder.prop("isolation.medical-rate", "1"));
    final double hotlineRate = Double.parseDouble(LoadRecorder.prop("isolation.hotline-rate", "1"));
    final String medicalPid = System.getProperty("isolation.medical-pid");
    final String hotlinePid = System.getProperty("isolation.hotline-pid");
    final Path out = Path.of(LoadRecorder.prop("isolation.out", "target/isolation.tsv"));

    final List<Route> routes = List.of(
            new Route("residents", "/api/residents/households?size=10", "staff1", rate),
            new Route("testing", "/api/testing/campaigns", "street1", rate),
            new Route("supplies", "/api/supplies/orders", "resident1", rate),
            new Route("cogovernance", "/api/cogovernance/tasks?status=open", "volunteer1", rate),
            new Route("medical", "/api/medical/requests?open=true", "health1", medicalRate),
            new Route("hotline", "/api/hotline/tickets?status=open", "operator1", hotlineRate));

    final LoadRecorder recorder = new LoadRecorder(List.of("warmup", "baseline", "medical and hotline stalled",
            "medical and hotline killed"), List.of(warmup, phase, phase, phase));
    final ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();

    ScenarioBuilder scenarioOf(Route route) {
        return recorder.routeScenario(route.name(), route.path(), List.of(LoadRecorder.token(keycloak, route.user())));
    }

    static void signal(String signal, String pid) {
        try {
            int rc = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start().waitFor();
            System.out.printf("isolation: kill -%s %s -> %d%n", signal, pid, rc);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    {
        if (medicalPid == null || hotlinePid == null) {
            throw new IllegalStateException("isolation.medical-pid and isolation.hotline-pid are required");
        }
        HttpProtocolBuilder protocol = http.baseUrl(gateway).acceptHeader("application/json").shareConnections();
        List<PopulationBuilder> populations = new ArrayList<>();
        for (Route route : routes) {
            populations.add(scenarioOf(route).injectOpen(
                    constantUsersPerSec(route.rate()).during(Duration.ofSeconds(warmup + 3L * phase))));
        }
        setUp(populations).protocols(protocol);
    }

    @Override
    public void before() {
        recorder.onStart(() -> {
            for (String pid : List.of(medicalPid, hotlinePid)) {
                faults.schedule(() -> signal("STOP", pid), warmup + phase, TimeUnit.SECONDS);
                faults.schedule(() -> signal("KILL", pid), warmup + 2L * phase, TimeUnit.SECONDS);
            }
        });
    }

    @Override
    public void after() {
        faults.shutdownNow();
        try {
            recorder.write(out, routes.stream().map(Route::name).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
