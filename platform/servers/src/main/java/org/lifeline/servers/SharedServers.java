package org.lifeline.servers;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The servers that a test JVM talks to: the ones named by environment variables (started once for
 * the whole build by {@code ./lifeline test}), or else its own, started on first use and stopped
 * when the JVM exits.
 *
 * <p>Environment: {@code LIFELINE_PG_PORT} (PostgreSQL on localhost, user postgres),
 * {@code LIFELINE_KEYCLOAK_URL} (e.g. {@code http://localhost:28180}),
 * {@code LIFELINE_KAFKA_BOOTSTRAP} (e.g. {@code localhost:29092}).
 *
 * <p>What this JVM started is recorded in system properties, which every class loader of a Quarkus
 * test sees, so a server is started once per JVM even when this class is loaded twice.
 */
public final class SharedServers {

    private static final String PG_PROP = "lifeline.servers.pg-port";
    private static final String KC_PROP = "lifeline.servers.keycloak-url";
    private static final String KAFKA_PROP = "lifeline.servers.kafka-bootstrap";

    private SharedServers() {
    }

    public static synchronized int postgresPort() {
        String external = firstNonBlank(System.getenv("LIFELINE_PG_PORT"), System.getProperty(PG_PROP));
        if (external != null) {
            return Integer.parseInt(external);
        }
        int port = ServerProcess.freePort();
        Path dataDir = instanceDir("postgres-" + ProcessHandle.current().pid());
        PostgresServer server = PostgresServer.start(port, dataDir, false);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-postgres"));
        System.setProperty(PG_PROP, Integer.toString(port));
        return port;
    }

    /** Creates the database if needed and returns its JDBC URL. */
    public static String jdbcUrl(String database) {
        int port = postgresPort();
        PostgresServer.ensureDatabase("localhost", port, PostgresServer.USER, "postgres", database);
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    public static String reactiveUrl(String database) {
        jdbcUrl(database);
        return "postgresql://localhost:" + postgresPort() + "/" + database;
    }

    /** Base URL of Keycloak, without the realm. */
    public static synchronized String keycloakUrl() {
        String external = firstNonBlank(System.getenv("LIFELINE_KEYCLOAK_URL"), System.getProperty(KC_PROP));
        if (external != null) {
            return external.replaceAll("/+$", "");
        }
        int port = ServerProcess.freePort();
        Path dir = instanceDir("keycloak-test");
        KeycloakServer server = KeycloakServer.start(dir, port, ServerProcess.freePort(),
                dir.resolveSibling("keycloak-test.log"), dir.resolveSibling("keycloak-test.pid"));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-keycloak"));
        System.setProperty(KC_PROP, server.baseUrl());
        return server.baseUrl();
    }

    public static String realmUrl() {
        return keycloakUrl() + "/realms/" + KeycloakServer.REALM;
    }

    public static synchronized String kafkaBootstrap() {
        String external = firstNonBlank(System.getenv("LIFELINE_KAFKA_BOOTSTRAP"), System.getProperty(KAFKA_PROP));
        if (external != null) {
            return external;
        }
        Path dir = instanceDir("kafka-" + ProcessHandle.current().pid());
        KafkaServer server = KafkaServer.start(dir, ServerProcess.freePort(), ServerProcess.freePort(), true,
                dir.resolveSibling(dir.getFileName() + ".log"), dir.resolveSibling(dir.getFileName() + ".pid"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            try {
                KeycloakServer.deleteTree(dir);
            } catch (java.io.IOException ignored) {
                // leftover test data in .devstack is harmless
            }
        }, "stop-kafka"));
        System.setProperty(KAFKA_PROP, server.bootstrapServers());
        return server.bootstrapServers();
    }

    /** A private broker for a test that stops and starts Kafka; the caller closes it. */
    public static KafkaServer privateKafka(String name) {
        Path dir = instanceDir("kafka-" + name + "-" + ProcessHandle.current().pid());
        return KafkaServer.start(dir, ServerProcess.freePort(), ServerProcess.freePort(), true,
                dir.resolveSibling(dir.getFileName() + ".log"), dir.resolveSibling(dir.getFileName() + ".pid"));
    }

    static Path instanceDir(String name) {
        try {
            return Files.createDirectories(LifelineHome.root().resolve(".devstack/test-servers")).resolve(name);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
