package org.lifeline.residents.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.residents.model.ControlStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Control-status changes of many households at once over JDBC, in the inbox transaction of the event that
 * causes them (testing's facts); what to change is {@code service.ControlPolicy}'s decision, passed in. Each
 * statement updates the households, writes their history rows and lists them in the temporary table
 * {@value #CHANGED} for {@link HouseholdEventsRepository#write}.
 */
@ApplicationScoped
public class HouseholdStatusRepository {

    /** The households this transaction changed (column {@code household_id}, {@code change}). */
    public static final String CHANGED = "status_changed";

    /** A status to set, decided by the policy. */
    public record Change(ControlStatus status, String reason, String source, String changedBy, Instant at) {
    }

    /**
     * Sets {@code change} on those of {@code households} whose status is one of {@code from} and whose last applied
     * testing event is older than {@code eventTime} (or none); remembers {@code eventTime} on them. With
     * {@code sourcePrefix}, only households whose current status source starts with it.
     *
     * @return how many changed
     */
    public int change(Connection c, Collection<UUID> households, List<ControlStatus> from, String sourcePrefix,
            Change change, Instant eventTime) throws SQLException {
        changedTable(c);
        try (PreparedStatement s = c.prepareStatement("WITH changed AS (UPDATE household SET status = ?, status_reason = ?, "
                + "status_source = ?, status_since = ?, status_until = NULL, version = version + 1, updated_at = ?, "
                + "testing_event_at = ? "
                + "WHERE id = ANY (?) AND status = ANY (?) AND (CAST(? AS text) IS NULL OR status_source LIKE ? || '%') "
                + "AND (testing_event_at IS NULL OR testing_event_at < ?) RETURNING id), "
                + "history AS (INSERT INTO household_status_change (household_id, status, reason, source, changed_by, "
                + "started_at) SELECT id, ?, ?, ?, ?, ? FROM changed) "
                + "INSERT INTO " + CHANGED + " SELECT id, 'status-changed' FROM changed ON CONFLICT DO NOTHING")) {
            Timestamp at = Timestamp.from(change.at());
            Timestamp time = Timestamp.from(eventTime);
            s.setString(1, change.status().code());
            s.setString(2, change.reason());
            s.setString(3, change.source());
            s.setTimestamp(4, at);
            s.setTimestamp(5, at);
            s.setTimestamp(6, time);
            s.setArray(7, c.createArrayOf("uuid", households.toArray()));
            s.setArray(8, c.createArrayOf("text", from.stream().map(ControlStatus::code).toArray()));
            s.setString(9, sourcePrefix);
            s.setString(10, sourcePrefix);
            s.setTimestamp(11, time);
            s.setString(12, change.status().code());
            s.setString(13, change.reason());
            s.setString(14, change.source());
            s.setString(15, change.changedBy());
            s.setTimestamp(16, at);
            return s.executeUpdate();
        }
    }

    /** Remembers the newest testing event applied to these households, changed or not. */
    public void stamp(Connection c, Collection<UUID> households, Instant eventTime) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE household SET testing_event_at = ? WHERE id = ANY (?) "
                + "AND (testing_event_at IS NULL OR testing_event_at < ?)")) {
            Timestamp time = Timestamp.from(eventTime);
            s.setTimestamp(1, time);
            s.setArray(2, c.createArrayOf("uuid", households.toArray()));
            s.setTimestamp(3, time);
            s.executeUpdate();
        }
    }

    private static void changedTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS " + CHANGED + " (household_id uuid PRIMARY KEY, change text NOT NULL) "
                    + "ON COMMIT DROP");
        }
    }
}
