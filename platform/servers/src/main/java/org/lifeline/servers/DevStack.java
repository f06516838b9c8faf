package org.lifeline.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the three real servers of the local stack (or of a test run) in the foreground until it is
 * told to stop (SIGTERM), used by the {@code lifeline} script:
 *
 * <pre>
 * java -cp ... org.lifeline.servers.DevStack --dir .devstack/run --pg-port 15432 --keycloak-port 8180 \
 *      --keycloak-management-port 9180 --kafka-port 19092 --kafka-controller-port 19093 \
 *      --databases residents,gateway [--fresh]
 * </pre>
 *
 * When all three answer it writes {@code <dir>/servers.env} (the variables that tests and services
 * read) and then {@code <dir>/servers.ready}. On SIGTERM it stops Keycloak and Kafka, then PostgreSQL.
 */
public final class DevStack {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path dir = Path.of(options.getOrDefault("dir", ".devstack/run")).toAbsolutePath();
        Files.createDirectories(dir);
        Path ready = dir.resolve("servers.ready");
        Files.deleteIfExists(ready);
        boolean fresh = options.containsKey("fresh");
        int pgPort = Integer.parseInt(options.getOrDefault("pg-port", "15432"));
        int kcPort = Integer.parseInt(options.getOrDefault("keycloak-port", "8180"));
        int kcManagementPort = Integer.parseInt(options.getOrDefault("keycloak-management-port", "9180"));
        int kafkaPort = Integer.parseInt(options.getOrDefault("kafka-port", "19092"));
        int kafkaControllerPort = Integer.parseInt(options.getOrDefault("kafka-controller-port", "19093"));
        List<String> databases = List.of(options.getOrDefault("databases", "residents").split(","));

        for (int port : new int[] { pgPort, kcPort, kcManagementPort, kafkaPort, kafkaControllerPort }) {
            if (ServerProcess.portOpen(port)) {
                System.err.println("Port " + port + " is already in use; is a stack already running? (lifeline status)");
                System.exit(2);
            }
        }

        List<AutoCloseable> started = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(ready);
            } catch (IOException ignored) {
                // nothing to do
            }
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception e) {
                    System.err.println("stop failed: " + e);
                }
            }
            System.out.println("servers stopped");
            stopped.countDown();
        }, "devstack-stop"));

        long t0 = System.nanoTime();
        // --pg-config shared_buffers=2GB,max_wal_size=8GB: server settings for a benchmark
        Map<String, String> pgConfig = new HashMap<>();
        for (String setting : options.getOrDefault("pg-config", "").split(",")) {
            if (setting.contains("=")) {
                pgConfig.put(setting.substring(0, setting.indexOf('=')).trim(), setting.substring(setting.indexOf('=') + 1).trim());
            }
        }
        CompletableFuture<PostgresServer> postgres = CompletableFuture.supplyAsync(
                () -> PostgresServer.start(pgPort, dir.resolve("postgres"), !fresh, pgConfig));
        CompletableFuture<KafkaServer> kafka = CompletableFuture.supplyAsync(
                () -> KafkaServer.start(dir.resolve("kafka"), kafkaPort, kafkaControllerPort, fresh,
                        dir.resolve("kafka.log"), dir.resolve("kafka.pid")));
        CompletableFuture<KeycloakServer> keycloak = CompletableFuture.supplyAsync(
                () -> KeycloakServer.start(dir.resolve("keycloak"), kcPort, kcManagementPort,
                        dir.resolve("keycloak.log"), dir.resolve("keycloak.pid")));
        try {
            started.add(postgres.join());
            System.out.println("postgres  ready on " + pgPort);
            for (String database : databases) {
                PostgresServer.ensureDatabase("localhost", pgPort, PostgresServer.USER, "postgres", database.trim());
            }
            started.add(kafka.join());
            System.out.println("kafka     ready on " + kafkaPort);
            started.add(keycloak.join());
            System.out.println("keycloak  ready on " + kcPort);
        } catch (RuntimeException e) {
            System.err.println("Could not start the servers: " + e.getMessage());
            for (CompletableFuture<? extends AutoCloseable> f : List.of(postgres, kafka, keycloak)) {
                f.thenAccept(server -> {
                    if (!started.contains(server)) {
                        started.add(server);
                    }
                });
            }
            System.exit(1);
        }

        Map<String, String> env = new HashMap<>();
        env.put("LIFELINE_PG_PORT", Integer.toString(pgPort));
        env.put("LIFELINE_KEYCLOAK_URL", "http://localhost:" + kcPort);
        env.put("LIFELINE_KAFKA_BOOTSTRAP", "localhost:" + kafkaPort);
        StringBuilder text = new StringBuilder();
        env.forEach((k, v) -> text.append("export ").append(k).append('=').append(v).append('\n'));
        Files.writeString(dir.resolve("servers.env"), text);
        Files.writeString(ready, Long.toString(ProcessHandle.current().pid()));
        System.out.printf("all servers ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        stopped.await();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + args[i]);
            }
            String key = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(key, args[++i]);
            } else {
                options.put(key, "true");
            }
        }
        return options;
    }
}
