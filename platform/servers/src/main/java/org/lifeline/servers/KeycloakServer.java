package org.lifeline.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Keycloak ({@code keycloak-quarkus-dist}) in dev mode with the {@code lifeline} realm imported
 * from {@code identity/lifeline-realm.json}. Each instance runs from its own copy of the distribution
 * (Keycloak keeps its H2 database and build state inside its home directory).
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String VERSION = "26.5.6";
    public static final String REALM = "lifeline";
    /**
     * The secret of client {@code lifeline-cogovernance} in the demo realm (identity/lifeline-realm.json): the local
     * stack and the tests give it to co-governance as {@code COGOVERNANCE_KEYCLOAK_CLIENT_SECRET}. Never in production.
     */
    public static final String COGOVERNANCE_DEMO_SECRET = "lifeline-cogovernance-demo-secret";
    /**
     * The secret of client {@code lifeline-hotline} in the demo realm: the hotline service's client-credentials token
     * for residents' phone lookup; the local stack and the tests give it as {@code HOTLINE_KEYCLOAK_CLIENT_SECRET}
     * ({@code hotline.keycloak.client-secret}). Never in production.
     */
    public static final String HOTLINE_DEMO_SECRET = "lifeline-hotline-demo-secret";
    /**
     * Protocol mappers that put a role of the admin's choosing into a token. Whoever may manage a client (co-governance
     * for partner clients) could otherwise mint a token with any role: they are disabled on the server (the chart's
     * Keycloak too).
     */
    public static final List<String> DISABLED_PROTOCOL_MAPPERS = List.of("oidc-hardcoded-role-mapper", "oidc-role-name-mapper");

    private final ServerProcess process;
    private final int port;

    private KeycloakServer(ServerProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static KeycloakServer start(Path instanceDir, int httpPort, int managementPort, Path logFile, Path pidFile) {
        Path home = prepareHome(instanceDir);
        List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--import-realm",
                "--health-enabled=true",
                "--log-level=WARN,org.keycloak.services:INFO"));
        for (String mapper : DISABLED_PROTOCOL_MAPPERS) {
            command.add("--spi-protocol-mapper--" + mapper + "--enabled=false");
        }
        ServerProcess process = ServerProcess.start("keycloak", command,
                home,
                Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", "admin",
                        "KC_BOOTSTRAP_ADMIN_PASSWORD", "admin",
                        "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m"),
                logFile, pidFile);
        KeycloakServer server = new KeycloakServer(process, httpPort);
        process.awaitReady(() -> ServerProcess.httpOk(server.realmUrl() + "/.well-known/openid-configuration"),
                Duration.ofMinutes(Long.getLong("lifeline.keycloak.start-minutes", 6))); // about 20 s alone; minutes when the machine is shared
        return server;
    }

    /** Copies the distribution once, then gives every start a fresh database and the current realm file. */
    static Path prepareHome(Path instanceDir) {
        Path dist = LifelineHome.requireDist("keycloak-" + VERSION);
        try {
            if (!Files.exists(instanceDir.resolve("bin/kc.sh"))) {
                copyTree(dist, instanceDir);
            }
            deleteTree(instanceDir.resolve("data/h2"));
            Path importDir = Files.createDirectories(instanceDir.resolve("data/import"));
            Files.copy(LifelineHome.realmFile(), importDir.resolve("lifeline-realm.json"),
                    StandardCopyOption.REPLACE_EXISTING);
            return instanceDir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Keycloak in " + instanceDir, e);
        }
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public String realmUrl() {
        return baseUrl() + "/realms/" + REALM;
    }

    public void stop() {
        process.stop();
    }

    @Override
    public void close() {
        stop();
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
