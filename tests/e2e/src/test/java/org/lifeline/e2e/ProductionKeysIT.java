package org.lifeline.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.KeycloakServer;
import org.lifeline.servers.LifelineHome;
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

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged services started as in production (not the local stack): testing refuses to sign check-in codes with a
 * missing, known or short key, and co-governance refuses to sign passes with a key made up at start; with real keys
 * both start. Each refusal names the variable to set, Chinese first.
 */
class ProductionKeysIT {

    private final List<ServerProcess> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(ServerProcess::stop);
    }

    @Test
    void shouldRefuseToStartTestingWithoutARealCheckInKey() throws Exception {
        String missing = refusal("testing", Map.of());
        assertTrue(missing.contains("服务拒绝启动：TESTING_CHECKIN_KEY 未设置"), missing);
        String known = refusal("testing", Map.of("TESTING_CHECKIN_KEY", "local-only-check-in-key-change-me"));
        assertTrue(known.contains("TESTING_CHECKIN_KEY 仍是源代码中的本地默认值"), known);
        String shortKey = refusal("testing", Map.of("TESTING_CHECKIN_KEY", "too-short"));
        assertTrue(shortKey.contains("TESTING_CHECKIN_KEY 短于 32 个字符"), shortKey);
        started("testing", Map.of("TESTING_CHECKIN_KEY", "a-production-check-in-key-from-a-secret-0123456789"));
    }

    @Test
    void shouldRefuseToStartCoGovernanceWithoutAPassSigningKey() throws Exception {
        String missing = refusal("cogovernance", Map.of());
        assertTrue(missing.contains("服务拒绝启动：COGOVERNANCE_PASS_KEY 未设置"), missing);
        java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        started("cogovernance", Map.of("COGOVERNANCE_PASS_KEY",
                java.util.Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded())));
    }

    /** Starts the service as in production with {@code extra}; returns its log once it has exited. */
    private String refusal(String service, Map<String, String> extra) throws Exception {
        ServerProcess process = start(service, extra);
        await().atMost(Duration.ofMinutes(2)).until(() -> !process.isAlive());
        return Files.readString(process.logFile());
    }

    private void started(String service, Map<String, String> extra) {
        int port = ServerProcess.freePort();
        Map<String, String> env = new HashMap<>(extra);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        ServerProcess process = start(service, env);
        process.awaitReady(() -> ServerProcess.httpOk("http://localhost:" + port + "/q/health/ready"), Duration.ofMinutes(2));
    }

    private ServerProcess start(String service, Map<String, String> extra) {
        Path root = LifelineHome.root();
        Path jar = root.resolve("services/" + service + "/target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), jar + " is missing: package services/" + service + " first");
        int pgPort = SharedServers.postgresPort();
        String database = "e2e_keys_" + service;
        PostgresServer.ensureDatabase("localhost", pgPort, PostgresServer.USER, "postgres", database);
        Map<String, String> env = new HashMap<>();
        env.put("LIFELINE_LOCAL_STACK", "false");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ServerProcess.freePort()));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + pgPort + "/" + database);
        env.put("KEYCLOAK_URL", SharedServers.keycloakUrl());
        env.put("KAFKA_BOOTSTRAP", SharedServers.kafkaBootstrap());
        env.put("COGOVERNANCE_KEYCLOAK_CLIENT_SECRET", KeycloakServer.COGOVERNANCE_DEMO_SECRET);
        env.put("TESTING_RESIDENTS_EVENTS_GROUP_ID", "e2e-keys-testing");
        env.put("COGOVERNANCE_EVENTS_GROUP_ID", "e2e-keys-cogovernance");
        env.putAll(extra);
        Path logs = root.resolve(".devstack/e2e");
        String name = "keys-" + service + "-" + System.nanoTime();
        try {
            Files.deleteIfExists(logs.resolve(name + ".log"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ServerProcess process = ServerProcess.start(name, List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-jar", jar.toString()), root, env, logs.resolve(name + ".log"), logs.resolve(name + ".pid"));
        processes.add(process);
        return process;
    }
}
