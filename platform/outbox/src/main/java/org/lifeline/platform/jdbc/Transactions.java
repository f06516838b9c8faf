package org.lifeline.platform.jdbc;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A use case's transaction on plain JDBC, for the {@code service} layer: the work gets one connection, with
 * auto-commit off, and passes it to the repositories it calls; it is committed when the work returns and rolled
 * back when it throws (the exception goes on as it was; an {@link SQLException} wrapped in
 * {@link IllegalStateException}, which the problem mappers answer as 500 or, for a lost database, 503).
 */
@ApplicationScoped
public class Transactions {

    /** Work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Work inside one transaction that returns nothing. */
    @FunctionalInterface
    public interface VoidWork {
        void apply(Connection connection) throws SQLException;
    }

    @Inject
    AgroalDataSource dataSource;

    public <T> T call(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (RuntimeException | SQLException | Error e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void run(VoidWork work) {
        call(c -> {
            work.apply(c);
            return null;
        });
    }

    /** Reads without a transaction of its own (auto-commit), for a query or a single statement. */
    public <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
