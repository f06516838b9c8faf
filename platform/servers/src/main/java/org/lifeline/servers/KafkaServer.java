package org.lifeline.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real single-node Kafka broker (KRaft, no ZooKeeper) from the {@code kafka_2.13} jars on Maven
 * Central. Its log directory survives {@link #stop()}, so a broker stopped and started again on the
 * same directory keeps its topics, as a real outage would.
 *
 * <p>{@link #startWithScram} starts it as the chart's Strimzi Kafka runs: clients must sign in with SCRAM-SHA-512 and
 * are authorized by ACLs ({@code StandardAuthorizer}, nothing allowed without an ACL), with one super user who makes
 * the others. The local stack's Kafka ({@link #start}) stays open.
 */
public final class KafkaServer implements AutoCloseable {

    public static final String VERSION = "4.1.2";
    private static final String CLUSTER_ID = "bGlmZWxpbmUta2Fma2EtMQ";

    private final Path instanceDir;
    private final int port;
    private final int controllerPort;
    private final Path logFile;
    private final Path pidFile;
    private ServerProcess process;
    private String superUser;
    private String superPassword;

    private KafkaServer(Path instanceDir, int port, int controllerPort, Path logFile, Path pidFile) {
        this.instanceDir = instanceDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    /**
     * A broker whose client listener asks for SCRAM-SHA-512 and whose authorizer allows only what an ACL allows;
     * {@code superUser} (created at format time) may do anything, e.g. create the other users and their ACLs. The
     * controller listener, on {@code controllerPort}, is the node's own (PLAINTEXT).
     */
    public static KafkaServer startWithScram(Path instanceDir, int port, int controllerPort, Path logFile, Path pidFile,
            String superUser, String superPassword) {
        KafkaServer server = new KafkaServer(instanceDir, port, controllerPort, logFile, pidFile);
        server.superUser = superUser;
        server.superPassword = superPassword;
        server.prepare(true);
        server.startProcess();
        return server;
    }

    /** The client properties that sign in as {@code user} on a {@link #startWithScram} broker. */
    public static Map<String, Object> scramClient(String bootstrapServers, String user, String password) {
        return Map.of("bootstrap.servers", bootstrapServers, "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                        + password + "\";");
    }

    private List<String> listenerSettings() {
        if (superUser == null) {
            return List.of(
                    "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://localhost:" + port,
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "inter.broker.listener.name=PLAINTEXT");
        }
        return List.of(
                "listeners=SASL_PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=SASL_PLAINTEXT://localhost:" + port,
                "listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=SASL_PLAINTEXT",
                "sasl.enabled.mechanisms=SCRAM-SHA-512",
                "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config="
                        + "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + superUser
                        + "\" password=\"" + superPassword + "\";",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false",
                // the node's own controller listener is PLAINTEXT: its broker reaches it as ANONYMOUS
                "super.users=User:" + superUser + ";User:ANONYMOUS");
    }

    /** @param fresh delete any earlier log directory first */
    public static KafkaServer start(Path instanceDir, int port, int controllerPort, boolean fresh, Path logFile,
            Path pidFile) {
        KafkaServer server = new KafkaServer(instanceDir, port, controllerPort, logFile, pidFile);
        server.prepare(fresh);
        server.startProcess();
        return server;
    }

    private void prepare(boolean fresh) {
        try {
            Path logs = instanceDir.resolve("logs");
            if (fresh) {
                KeycloakServer.deleteTree(logs);
            }
            Files.createDirectories(instanceDir);
            Files.writeString(instanceDir.resolve("server.properties"), String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.bootstrap.servers=localhost:" + controllerPort,
                    String.join("\n", listenerSettings()),
                    "controller.listener.names=CONTROLLER",
                    "log.dirs=" + logs,
                    "num.partitions=3",
                    "auto.create.topics.enable=true",
                    "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "") );
            Files.writeString(instanceDir.resolve("log4j2.properties"), String.join("\n",
                    "rootLogger.level=WARN",
                    "rootLogger.appenderRef.stdout.ref=STDOUT",
                    "appender.stdout.type=Console",
                    "appender.stdout.name=STDOUT",
                    "appender.stdout.layout.type=PatternLayout",
                    "appender.stdout.layout.pattern=%d{ISO8601} %-5p [%c] %m%n",
                    "logger.kafka.name=kafka.server.KafkaRaftServer",
                    "logger.kafka.level=INFO",
                    ""));
            if (!Files.exists(logs.resolve("meta.properties"))) {
                List<String> args = new java.util.ArrayList<>(List.of("format", "--standalone", "-t", CLUSTER_ID, "-c",
                        instanceDir.resolve("server.properties").toString()));
                if (superUser != null) {
                    args.addAll(List.of("--add-scram", "SCRAM-SHA-512=[name=" + superUser + ",password=" + superPassword + "]"));
                }
                Process format = new ProcessBuilder(javaCommand("kafka.tools.StorageTool", args.toArray(String[]::new)))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                        .start();
                if (format.waitFor() != 0) {
                    throw new IllegalStateException("Kafka storage format failed; see " + logFile);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Kafka in " + instanceDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<String> javaCommand(String mainClass, String... args) {
        Path lib = LifelineHome.requireDist("kafka-" + VERSION).resolve("lib");
        var command = new java.util.ArrayList<>(List.of(ServerProcess.javaExecutable(), "-Xms128m", "-Xmx512m",
                "-Dlog4j2.configurationFile=" + instanceDir.resolve("log4j2.properties"),
                "-cp", lib + "/*", mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts the broker (again) on the same directory and port. */
    public synchronized void startProcess() {
        process = ServerProcess.start("kafka", javaCommand("kafka.Kafka", instanceDir.resolve("server.properties")
                .toString()), instanceDir, Map.of(), logFile, pidFile);
        process.awaitReady(() -> ServerProcess.portOpen(port), Duration.ofMinutes(2));
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path instanceDir() {
        return instanceDir;
    }

    public Path logFile() {
        return logFile;
    }

    public Path pidFile() {
        return pidFile;
    }

    /** Kills the broker without a clean shutdown (its data stays). */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    /** Stops the broker (its data stays); {@link #startProcess()} brings it back. */
    public synchronized void stop() {
        if (process != null) {
            process.stop();
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
