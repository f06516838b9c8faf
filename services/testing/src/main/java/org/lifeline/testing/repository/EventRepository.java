package org.lifeline.testing.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.platform.outbox.Outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Testing's events into the platform outbox (made by {@link Outbox#row}), many in one batched statement: a
 * result batch of 100,000 tubes writes its events in the same transaction without a round trip per event.
 */
@ApplicationScoped
public class EventRepository {

    public void write(Connection c, List<Outbox.Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = Outbox.insert(c)) {
            for (Outbox.Row row : rows) {
                Outbox.bind(insert, row);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
