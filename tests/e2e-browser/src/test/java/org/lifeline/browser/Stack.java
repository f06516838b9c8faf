package org.lifeline.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.lifeline.servers.KeycloakServer;
import org.lifeline.servers.LifelineHome;
import org.lifeline.servers.PostgresServer;
import org.lifeline.servers.ServerProcess;
import org.lifeline.servers.SharedServers;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged services and the gateway as processes (as {@code ./lifeline up} runs them), on free ports,
 * against the real PostgreSQL, Keycloak and Kafka of the build ({@link SharedServers}); residents loads the
 * demo data into its fresh database. Plus small HTTP helpers for setting up data through the gateway.
 */
final class Stack implements AutoCloseable {

    static final List<String> SERVICES = List.of("residents", "testing", "supplies", "medical", "cogovernance", "hotline");
    /** The hotline's SMS / WeChat webhook secret in this stack. */
    static final String WEBHOOK_SECRET = "browser-webhook-secret";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Map<String, Integer> ports = new LinkedHashMap<>();
    final Map<String, ServerProcess> processes = new LinkedHashMap<>();
    final Map<String, Map<String, String>> envs = new HashMap<>();
    int gatewayPort;

    /** Fresh databases {@code browser_<service>}, then every service, then the gateway. */
    void start() {
        // a test JVM that is killed still stops what it started
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "stop-portal-stack"));
        int pg = SharedServers.postgresPort();
        // topics of this stack's own: every stack's residents writes the same demo households (the same ids), and the
        // stacks that ran before on this broker left their versions of them on the shared topics
        String topicPrefix = "browser-" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".";
        for (String service : SERVICES) {
            String db = "browser_" + service;
            recreateDatabase(pg, db);
            int port = ServerProcess.freePort();
            ports.put(service, port);
            Map<String, String> env = new HashMap<>(Map.of(
                    "QUARKUS_HTTP_PORT", Integer.toString(port),
                    "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + pg + "/" + db,
                    "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://localhost:" + pg + "/" + db,
                    "KEYCLOAK_URL", SharedServers.keycloakUrl(),
                    "KAFKA_BOOTSTRAP", SharedServers.kafkaBootstrap(),
                    "LIFELINE_KAFKA_TOPIC_PREFIX", topicPrefix));
            if (service.equals("residents")) {
                env.put("RESIDENTS_DEMO_ENABLED", "true");
            }
            if (service.equals("cogovernance")) {
                env.put("COGOVERNANCE_KEYCLOAK_CLIENT_SECRET", KeycloakServer.COGOVERNANCE_DEMO_SECRET);
            }
            if (service.equals("medical")) {
                env.put("MEDICAL_DEMO_ENABLED", "true"); // the demo hospitals of hospital1 and hospital2, as ./lifeline up
            }
            if (service.equals("hotline")) {
                // residents' phone lookup with the hotline's own client; a consumer group of this run (fresh database)
                env.put("RESIDENTS_URL", "http://localhost:" + ports.get("residents"));
                env.put("HOTLINE_KEYCLOAK_CLIENT_SECRET", KeycloakServer.HOTLINE_DEMO_SECRET);
                env.put("HOTLINE_WEBHOOK_SECRET", WEBHOOK_SECRET);
                env.put("HOTLINE_EVENTS_GROUP_ID", "browser-hotline-" + java.util.UUID.randomUUID());
            }
            envs.put(service, env);
        }
        gatewayPort = ServerProcess.freePort();
        Map<String, String> gatewayEnv = new HashMap<>(Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(gatewayPort),
                "QUARKUS_MANAGEMENT_PORT", Integer.toString(ServerProcess.freePort()),
                "KEYCLOAK_URL", SharedServers.keycloakUrl(),
                "PORTAL_ORIGIN", origin()));
        for (String service : SERVICES) {
            gatewayEnv.put(service.toUpperCase() + "_URL", "http://localhost:" + ports.get(service));
        }
        envs.put("gateway", gatewayEnv);
        ports.put("gateway", gatewayPort);
        // residents first: it loads the demo data and publishes it, which the others read from Kafka
        for (String name : List.of("residents", "testing", "supplies", "medical", "cogovernance", "hotline", "gateway")) {
            startProcess(name);
        }
    }

    String origin() {
        return "http://localhost:" + gatewayPort;
    }

    void startProcess(String name) {
        String jar = name.equals("gateway") ? "gateway/target/quarkus-app/quarkus-run.jar"
                : "services/" + name + "/target/quarkus-app/quarkus-run.jar";
        Path root = LifelineHome.root();
        Path jarPath = root.resolve(jar);
        if (!Files.exists(jarPath)) {
            throw new IllegalStateException(jarPath + " is missing: package the modules first (./mvnw install -DskipTests)");
        }
        Path logs = root.resolve(".devstack/e2e-browser");
        ServerProcess process = ServerProcess.start(name, List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jarPath.toString()), root, envs.get(name),
                logs.resolve(name + ".log"), logs.resolve(name + ".pid"));
        String ready = ServerProcess.readinessUrl(envs.get(name), ports.get(name));
        process.awaitReady(() -> ServerProcess.httpOk(ready), Duration.ofMinutes(3));
        processes.put(name, process);
    }

    synchronized void stopProcess(String name) {
        ServerProcess process = processes.remove(name);
        if (process != null) {
            process.stop();
        }
    }

    @Override
    public synchronized void close() {
        List<String> names = new java.util.ArrayList<>(processes.keySet());
        java.util.Collections.reverse(names);
        names.forEach(this::stopProcess);
    }

    private static void recreateDatabase(int port, String database) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres",
                PostgresServer.USER, "postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop " + database, e);
        }
        PostgresServer.ensureDatabase("localhost", port, PostgresServer.USER, "postgres", database);
    }

    // ---- HTTP through the gateway ----

    record Answer(int status, JsonNode body, String text) {
    }

    Answer call(String method, String path, String token, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin() + path))
                    .timeout(Duration.ofSeconds(20)).header("Accept", "application/json");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (response.body() != null && !response.body().isBlank()) {
                try {
                    json = JSON.readTree(response.body());
                } catch (IOException notJson) {
                    json = null;
                }
            }
            return new Answer(response.statusCode(), json, response.body());
        } catch (IOException e) {
            return new Answer(0, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A call that must succeed with the given status; fails with the answer otherwise. */
    JsonNode expect(int status, String method, String path, String token, Object body) {
        Answer answer = call(method, path, token, body);
        if (answer.status() != status) {
            throw new AssertionError(method + " " + path + ": expected " + status + ", got " + answer.status() + " " + answer.text());
        }
        return answer.body();
    }

    static String form(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        values.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
