package org.lifeline.servers;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Quarkus test resource that points a service at real servers: PostgreSQL (its own database),
 * Keycloak (realm {@code lifeline}) and Kafka. Init args:
 * <ul>
 *   <li>{@code database}: the service's database name (omit for no database)</li>
 *   <li>{@code servers}: comma-separated subset of {@code postgres,keycloak,kafka}; default all three</li>
 * </ul>
 * Servers are started once per JVM (or reused from the environment, see {@link SharedServers}) and in
 * parallel; {@link #stop()} leaves them running for the next test class.
 */
public class LifelineServersResource implements QuarkusTestResourceLifecycleManager {

    private String database;
    private List<String> servers = List.of("postgres", "keycloak", "kafka");

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
        if (initArgs.containsKey("servers")) {
            servers = List.of(initArgs.get("servers").split("\\s*,\\s*"));
        }
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        CompletableFuture<String> keycloak = servers.contains("keycloak")
                ? CompletableFuture.supplyAsync(SharedServers::realmUrl)
                : CompletableFuture.completedFuture(null);
        CompletableFuture<String> kafka = servers.contains("kafka")
                ? CompletableFuture.supplyAsync(SharedServers::kafkaBootstrap)
                : CompletableFuture.completedFuture(null);
        if (servers.contains("postgres") && database != null) {
            config.put("quarkus.datasource.jdbc.url", SharedServers.jdbcUrl(database));
            config.put("quarkus.datasource.reactive.url", SharedServers.reactiveUrl(database));
            config.put("quarkus.datasource.username", PostgresServer.USER);
            config.put("quarkus.datasource.password", "postgres");
        }
        if (keycloak.join() != null) {
            config.put("quarkus.oidc.auth-server-url", keycloak.join());
            // co-governance's and the hotline's own Keycloak clients (demo realm); other services ignore them
            config.put("cogovernance.keycloak.client-secret", KeycloakServer.COGOVERNANCE_DEMO_SECRET);
            config.put("hotline.keycloak.client-secret", KeycloakServer.HOTLINE_DEMO_SECRET);
        }
        if (kafka.join() != null) {
            config.put("kafka.bootstrap.servers", kafka.join());
        }
        return config;
    }

    @Override
    public void stop() {
        // shared for the whole JVM; stopped by a shutdown hook (or by ./lifeline test)
    }
}
