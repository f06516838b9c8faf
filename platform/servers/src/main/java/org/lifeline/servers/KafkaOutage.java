package org.lifeline.servers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Stops and restarts the test's private Kafka broker (started by {@link PrivateKafkaResource}) to
 * simulate an outage. Works from any class loader (Quarkus tests load classes more than once): the
 * broker is described by system properties and controlled through its pid file.
 */
public final class KafkaOutage {

    private static final String PREFIX = "lifeline.private-kafka.";

    private KafkaOutage() {
    }

    static void remember(KafkaServer server) {
        System.setProperty(PREFIX + "dir", server.instanceDir().toString());
        System.setProperty(PREFIX + "port", Integer.toString(server.port()));
        System.setProperty(PREFIX + "controller-port", Integer.toString(server.controllerPort()));
        System.setProperty(PREFIX + "log", server.logFile().toString());
        System.setProperty(PREFIX + "pid-file", server.pidFile().toString());
    }

    /** Kills the broker process (as a crash would) and waits until its port is closed. */
    public static void stop() {
        Path pidFile = Path.of(required("pid-file"));
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().join();
            });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot read " + pidFile, e);
        }
        int port = Integer.parseInt(required("port"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ServerProcess.portOpen(port) && System.nanoTime() < deadline) {
            ServerProcess.sleep(100);
        }
    }

    /** Starts the broker again on the same port and log directory. */
    public static void start() {
        KafkaServer.start(Path.of(required("dir")), Integer.parseInt(required("port")),
                Integer.parseInt(required("controller-port")), false, Path.of(required("log")),
                Path.of(required("pid-file")));
    }

    public static String bootstrapServers() {
        return "localhost:" + required("port");
    }

    /** Stops the broker at the end of the test class, whoever started it last. */
    static void stopQuietly() {
        String pidFile = System.getProperty(PREFIX + "pid-file");
        if (pidFile == null) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(Path.of(pidFile)).trim());
            ProcessHandle.of(pid).ifPresent(p -> ServerProcess.stopTree(p, Duration.ofSeconds(10)));
        } catch (java.io.IOException | NumberFormatException ignored) {
            // already gone
        }
        try {
            KeycloakServer.deleteTree(Path.of(required("dir")));
            Files.deleteIfExists(Path.of(pidFile));
            Files.deleteIfExists(Path.of(required("log")));
        } catch (java.io.IOException ignored) {
            // leftover test data under .devstack is harmless
        }
    }

    private static String required(String key) {
        String value = System.getProperty(PREFIX + key);
        if (value == null) {
            throw new IllegalStateException("No private Kafka: annotate the test with PrivateKafkaResource");
        }
        return value;
    }
}
