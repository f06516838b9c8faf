package org.lifeline.security;

import org.lifeline.servers.KeycloakServer;
import org.lifeline.servers.LifelineHome;
import org.lifeline.servers.PartnerEvents;
import org.lifeline.servers.PostgresServer;
import org.lifeline.servers.ServerProcess;
import org.lifeline.servers.SharedServers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole suite as packaged processes, started once per test JVM and stopped when it exits: residents (with the
 * demo street), testing, supplies, medical, co-governance and two gateways in front of them, against the real
 * PostgreSQL, Keycloak and Kafka of {@link SharedServers}.
 * <ul>
 * <li>{@link #gateway()}: the production configuration except the per-caller rate limits, raised so that the
 * fuzzer's few thousand requests with one token are not refused with 429;</li>
 * <li>{@link #strictGateway()}: the same with a limit of 5 requests a minute per caller, for the rate-limit tests.</li>
 * </ul>
 * Medical is configured with a notification webhook pointing at a local "internal" HTTP server whose host is not in
 * the allow-list ({@link #internalHits()} counts the calls it gets): the SSRF test.
 */
final class SecurityStack {

    static final String COMMUNITY_1 = "610113001001";
    static final String COMMUNITY_2 = "610113001002";

    private static SecurityStack instance;

    final Map<String, Integer> servicePorts = new HashMap<>();
    final int gatewayPort;
    /** The gateway's health and metrics: its management port, not routed by the ingress. */
    final int gatewayManagementPort;
    final int strictGatewayPort;
    private final List<ServerProcess> processes = new ArrayList<>();
    private final AtomicInteger internalHits = new AtomicInteger();
    private final HttpServer internal;

    static synchronized SecurityStack get() {
        if (instance == null) {
            instance = new SecurityStack();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "stop-security-stack"));
        }
        return instance;
    }

    static String gateway() {
        return "http://localhost:" + get().gatewayPort;
    }

    static String gatewayManagement() {
        return "http://localhost:" + get().gatewayManagementPort;
    }

    static String strictGateway() {
        return "http://localhost:" + get().strictGatewayPort;
    }

    static String service(String name) {
        return "http://localhost:" + get().servicePorts.get(name);
    }

    static int internalHits() {
        return get().internalHits.get();
    }

    private SecurityStack() {
        try {
            internal = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            internal.createContext("/", exchange -> {
                internalHits.incrementAndGet();
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            internal.start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int pgPort = SharedServers.postgresPort();
        String keycloak = SharedServers.keycloakUrl();
        String kafka = SharedServers.kafkaBootstrap();
        // topics of this stack's own: every stack's residents writes the same demo households (the same ids), and the
        // e2e stacks that ran before on this broker left their versions of them on the shared topics
        String topicPrefix = "security-" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".";
        for (String service : List.of("residents", "testing", "supplies", "medical", "cogovernance", "hotline")) {
            String database = "security_" + service;
            PostgresServer.ensureDatabase("localhost", pgPort, PostgresServer.USER, "postgres", database);
            int port = ServerProcess.freePort();
            servicePorts.put(service, port);
            Map<String, String> env = new HashMap<>(Map.of(
                    "QUARKUS_HTTP_PORT", Integer.toString(port),
                    "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + pgPort + "/" + database,
                    "KEYCLOAK_URL", keycloak,
                    "KAFKA_BOOTSTRAP", kafka,
                    "LIFELINE_KAFKA_TOPIC_PREFIX", topicPrefix));
            if (service.equals("residents")) {
                env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://localhost:" + pgPort + "/" + database);
                env.put("RESIDENTS_DEMO_ENABLED", "true");
            }
            if (service.equals("cogovernance")) {
                env.put("COGOVERNANCE_KEYCLOAK_CLIENT_SECRET", KeycloakServer.COGOVERNANCE_DEMO_SECRET);
            }
            if (service.equals("hotline")) {
                // started after residents (the list's order): its phone lookup calls residents with its own client
                env.put("RESIDENTS_URL", "http://localhost:" + servicePorts.get("residents"));
                env.put("HOTLINE_KEYCLOAK_CLIENT_SECRET", KeycloakServer.HOTLINE_DEMO_SECRET);
                env.put("HOTLINE_WEBHOOK_SECRET", "security-webhook-secret");
                env.put("HOTLINE_EVENTS_GROUP_ID", "security-hotline-" + java.util.UUID.randomUUID());
            }
            if (service.equals("medical")) {
                // an internal address the service must never be made to call (host not allow-listed)
                env.put("MEDICAL_WEBHOOK_URL", "http://127.0.0.1:" + internal.getAddress().getPort() + "/internal-admin");
                env.put("MEDICAL_WEBHOOK_ALLOWED_HOSTS", "hooks.example.org");
            }
            processes.add(start(service, "services/" + service + "/target/quarkus-app/quarkus-run.jar", List.of(), env, port));
        }
        gatewayPort = ServerProcess.freePort();
        gatewayManagementPort = ServerProcess.freePort();
        strictGatewayPort = ServerProcess.freePort();
        Map<String, String> gatewayEnv = new HashMap<>(Map.of("KEYCLOAK_URL", keycloak));
        servicePorts.forEach((service, port) -> gatewayEnv.put(service.toUpperCase() + "_URL", "http://localhost:" + port));
        processes.add(start("gateway", "gateway/target/quarkus-app/quarkus-run.jar", List.of(
                "-Dgateway.rate-limits.standard.users.limit=1000000",
                "-Dgateway.rate-limits.standard.partners.limit=1000000",
                "-Dgateway.rate-limits.urgent.users.limit=1000000",
                "-Dgateway.rate-limits.urgent.partners.limit=1000000"), with(gatewayEnv, gatewayPort, gatewayManagementPort),
                gatewayPort));
        processes.add(start("gateway-strict", "gateway/target/quarkus-app/quarkus-run.jar", List.of(
                "-Dgateway.rate-limits.standard.users.limit=5",
                "-Dgateway.rate-limits.standard.partners.limit=5"), with(gatewayEnv, strictGatewayPort, ServerProcess.freePort()),
                strictGatewayPort));
        // the demo partners as co-governance announces them (its demo loader is off here: the tests register their own)
        PartnerEvents.announceDemoPartnersAndWait(kafka, topicPrefix, "http://localhost:" + servicePorts.get("testing"),
                "http://localhost:" + servicePorts.get("supplies"));
    }

    private static Map<String, String> with(Map<String, String> env, int port, int managementPort) {
        Map<String, String> copy = new HashMap<>(env);
        copy.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        copy.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        return copy;
    }

    private static ServerProcess start(String name, String jar, List<String> properties, Map<String, String> env, int port) {
        Path root = LifelineHome.root();
        Path jarPath = root.resolve(jar);
        assertTrue(Files.exists(jarPath), jarPath + " is missing: package the modules first");
        Path logs = root.resolve(".devstack/security-tests");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m"));
        command.addAll(properties);
        command.addAll(List.of("-jar", jarPath.toString()));
        ServerProcess process = ServerProcess.start(name, command, root, env, logs.resolve(name + ".log"),
                logs.resolve(name + ".pid"));
        process.awaitReady(() -> ServerProcess.httpOk(ServerProcess.readinessUrl(env, port)), Duration.ofMinutes(3));
        return process;
    }

    private void stop() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop();
        }
        internal.stop(0);
    }
}
