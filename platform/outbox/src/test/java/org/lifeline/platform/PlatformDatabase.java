package org.lifeline.platform;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import org.lifeline.servers.PostgresServer;
import org.lifeline.servers.SharedServers;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A schema of its own in the real PostgreSQL (database {@code platform}), with the platform's tables as the
 * {@code db/platform} migrations make them, for a test of the platform's JDBC parts outside a service. Dropped on
 * {@link #close}.
 */
public final class PlatformDatabase implements AutoCloseable {

    private final String url;
    private final String schema;
    private final AgroalDataSource dataSource;

    public PlatformDatabase() throws Exception {
        url = SharedServers.jdbcUrl("platform");
        schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = java.sql.DriverManager.getConnection(url, PostgresServer.USER, "postgres");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("SET search_path TO " + schema);
            for (Path migration : migrations()) {
                s.execute(Files.readString(migration));
            }
        }
        dataSource = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier().connectionPoolConfiguration(pool ->
                pool.maxSize(6).connectionFactoryConfiguration(factory -> factory
                        .jdbcUrl(url + "?currentSchema=" + schema)
                        .principal(new NamePrincipal(PostgresServer.USER))
                        .credential(new SimplePassword("postgres")))));
    }

    public AgroalDataSource dataSource() {
        return dataSource;
    }

    /** Runs statements in the test's schema. */
    public void execute(String... sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    private static List<Path> migrations() throws URISyntaxException, java.io.IOException {
        Path dir = Path.of(PlatformDatabase.class.getClassLoader().getResource("db/platform").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            // V0_1, V0_2, ... in version order
            return files.filter(f -> f.getFileName().toString().endsWith(".sql"))
                    .sorted(java.util.Comparator.comparing(PlatformDatabase::version,
                            java.util.Arrays::compare)).toList();
        }
    }

    private static int[] version(Path migration) {
        String name = migration.getFileName().toString();
        return Stream.of(name.substring(1, name.indexOf("__")).split("[._]")).mapToInt(Integer::parseInt).toArray();
    }

    @Override
    public void close() throws SQLException {
        dataSource.close();
        try (Connection c = java.sql.DriverManager.getConnection(url, PostgresServer.USER, "postgres");
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
