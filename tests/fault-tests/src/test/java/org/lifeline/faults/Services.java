package org.lifeline.faults;

import org.lifeline.servers.KafkaServer;
import org.lifeline.servers.LifelineHome;
import org.lifeline.servers.PostgresServer;
import org.lifeline.servers.ServerProcess;
import org.lifeline.servers.SharedServers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged services (quarkus-run.jar) started as processes on free ports, and the helpers the
 * fault tests share. Every process a test starts is registered here and stopped by {@link #stopAll()}
 * (each test class calls it in {@code @AfterAll}) or, at the latest, when the test JVM exits. Only
 * processes started here are ever stopped or killed.
 */
final class Services {

    private static final List<ServerProcess> STARTED = new ArrayList<>();
    private static final List<AutoCloseable> SERVERS = new ArrayList<>();
    private static KafkaServer kafka;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Services::stopAll, "stop-fault-test-processes"));
    }

    private Services() {
    }

    /**
     * A Kafka broker of this module's own (never the suite's shared one): the services started here
     * publish households to it, which the other modules' consumers must not see.
     */
    static synchronized String kafkaBootstrap() {
        if (kafka == null) {
            kafka = privateKafka("faults");
        }
        return kafka.bootstrapServers();
    }

    /** A broker of the caller's own, stopped and deleted (data, log, pid file) with the processes. */
    static synchronized KafkaServer privateKafka(String name) {
        KafkaServer server = SharedServers.privateKafka(name);
        SERVERS.add(() -> {
            server.close();
            deleteTree(server.instanceDir());
            Files.deleteIfExists(server.logFile());
            Files.deleteIfExists(server.pidFile());
        });
        return server;
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** A fresh, empty database on the suite's shared PostgreSQL; returns its JDBC URL. */
    static String freshDatabase(String name) {
        int port = SharedServers.postgresPort();
        return freshDatabase(port, name);
    }

    static String freshDatabase(int port, String name) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres",
                PostgresServer.USER, "postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        PostgresServer.ensureDatabase("localhost", port, PostgresServer.USER, "postgres", name);
        return "jdbc:postgresql://localhost:" + port + "/" + name;
    }

    /**
     * Starts {@code module} (services/residents, services/testing, gateway) as {@code java -jar} on
     * {@code port} and waits for its readiness.
     */
    static ServerProcess start(String module, String name, int port, Map<String, String> env, String... jvmArgs) {
        Path root = LifelineHome.root();
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), jar + " is missing: package " + module + " first (./mvnw install -DskipTests)");
        Path logs = root.resolve(".devstack/fault-tests");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m"));
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-jar", jar.toString()));
        Map<String, String> environment = new HashMap<>(env);
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        if (module.equals("gateway")) { // its health is on its management port only
            environment.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(ServerProcess.freePort()));
        }
        String ready = ServerProcess.readinessUrl(environment, port);
        ServerProcess process = ServerProcess.start(name, command, root, environment, logs.resolve(name + ".log"),
                logs.resolve(name + ".pid"));
        synchronized (Services.class) {
            STARTED.add(process);
        }
        process.awaitReady(() -> ServerProcess.httpOk(ready), Duration.ofMinutes(3));
        return process;
    }

    /** The environment of residents or testing on the given JDBC URL. */
    static Map<String, String> serviceEnv(String jdbc, String keycloakUrl, String kafkaBootstrap) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbc);
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", jdbc.replace("jdbc:", ""));
        env.put("KEYCLOAK_URL", keycloakUrl);
        env.put("KAFKA_BOOTSTRAP", kafkaBootstrap);
        return env;
    }

    /** Kills (kill -9) a process started here. */
    static void kill(ServerProcess process) {
        process.kill();
        synchronized (Services.class) {
            STARTED.remove(process);
        }
    }

    static synchronized void stopAll() {
        for (ServerProcess p : STARTED) {
            p.stop();
        }
        STARTED.clear();
        for (int i = SERVERS.size() - 1; i >= 0; i--) {
            try {
                SERVERS.get(i).close();
            } catch (Exception e) {
                System.err.println("stop failed: " + e);
            }
        }
        SERVERS.clear();
        kafka = null;
    }

    static long count(String jdbc, String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(jdbc, PostgresServer.USER, "postgres");
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof List<?> list) {
                    s.setArray(i + 1, c.createArrayOf("text", list.toArray()));
                } else {
                    s.setObject(i + 1, params[i]);
                }
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Rows of the first column. */
    static List<String> column(String jdbc, String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(jdbc, PostgresServer.USER, "postgres");
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
