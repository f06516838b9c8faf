package org.lifeline.platform.outbox;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.problem.ProblemType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outbox rows {@link OutboxRelay} set aside as dead letters (Kafka refused them for good
 * {@code lifeline.outbox.max-attempts} times): listed newest first for an admin, and queued again ({@link #requeue})
 * once the cause is fixed (a larger {@code max.request.size}, a topic created). A queued row goes out behind the rows
 * published since it was set aside.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final String BUNDLE = "messages.platform";
    private static final String COLUMNS = "seq, event_id, topic, event_key, event_type, attempts, last_error, created_at, "
            + "dead_lettered_at, payload";

    /** One dead-lettered outbox row, as the admin API shows it. */
    public record DeadLetter(long seq, String eventId, String topic, String key, String type, int attempts,
            String lastError, OffsetDateTime createdAt, OffsetDateTime deadLetteredAt, String payload) {
    }

    @Inject
    AgroalDataSource agroal;

    private DataSource dataSource;

    public DeadLetters() {
    }

    /** Outside CDI (tests). */
    public DeadLetters(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private DataSource dataSource() {
        if (dataSource == null) {
            dataSource = agroal;
        }
        return dataSource;
    }

    /** A page of the dead letters, newest first (page and size checked by the caller). */
    public PageView<DeadLetter> page(int page, int size) {
        try (Connection c = dataSource().getConnection()) {
            long total;
            try (PreparedStatement count = c.prepareStatement(
                    "SELECT count(*) FROM outbox WHERE dead_lettered_at IS NOT NULL AND published_at IS NULL");
                    ResultSet rs = count.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            List<DeadLetter> items = new ArrayList<>();
            try (PreparedStatement list = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox "
                    + "WHERE dead_lettered_at IS NOT NULL AND published_at IS NULL "
                    + "ORDER BY dead_lettered_at DESC, seq DESC LIMIT ? OFFSET ?")) {
                list.setInt(1, size);
                list.setLong(2, (long) page * size);
                try (ResultSet rs = list.executeQuery()) {
                    while (rs.next()) {
                        items.add(deadLetter(rs));
                    }
                }
            }
            return PageView.of(items, page, size, total);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Queues a dead letter again: its attempts start from zero and the relay sends it at its next poll.
     *
     * @throws ProblemException 404 when the row is not a dead letter (any more)
     */
    public DeadLetter requeue(long seq, String by) {
        try (Connection c = dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE outbox SET dead_lettered_at = NULL, attempts = 0 "
                        + "WHERE seq = ? AND dead_lettered_at IS NOT NULL AND published_at IS NULL RETURNING " + COLUMNS)) {
            s.setLong(1, seq);
            try (ResultSet rs = s.executeQuery()) {
                Optional<DeadLetter> row = rs.next() ? Optional.of(deadLetter(rs)) : Optional.empty();
                DeadLetter queued = row.orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                        Message.key(BUNDLE, "outbox.dead-letter.not-found", seq)));
                LOG.infof("Outbox dead letter %d (event %s on %s) queued again by %s", seq, queued.eventId(),
                        queued.topic(), by);
                return queued;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DeadLetter deadLetter(ResultSet rs) throws SQLException {
        return new DeadLetter(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getInt(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class),
                rs.getObject(9, OffsetDateTime.class), rs.getString(10));
    }
}
