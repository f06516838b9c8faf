package org.lifeline.medical.escalation;

import org.lifeline.medical.config.MedicalConfig;
import org.lifeline.medical.service.Levels;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Escalates requests whose stage deadline has passed. The deadlines live in {@code request_deadline}, so
 * nothing is kept in memory: a restarted service, or any number of replicas, find the same rows.
 *
 * <p>One transaction per batch: the passed pending deadlines and their requests are claimed with
 * {@code FOR UPDATE OF d, r SKIP LOCKED}, so two engines never take the same deadline (the other skips it,
 * and once the first commits it is no longer pending), and an engine never waits for a request that a
 * staff member is changing at that moment (it is picked up at the next poll). A crash before the commit
 * rolls everything back: the deadline is still pending for the next engine. {@code escalation.deadline_id}
 * is unique besides, so a second escalation of one deadline could not be committed even by a bug here.
 *
 * <p>A plain class, not a bean, so a test can run several engines against one database.
 */
public class EscalationEngine {

    private final DataSource dataSource;
    private final MedicalConfig config;
    private final boolean webhook;
    private final Consumer<List<Long>> afterCommit;
    private final int batchSize;

    /**
     * @param batchSize passed deadlines claimed per transaction
     * @param afterCommit given the notifications written, after the commit (webhooks); may be null
     */
    public EscalationEngine(DataSource dataSource, MedicalConfig config, int batchSize, boolean webhook,
            Consumer<List<Long>> afterCommit) {
        this.dataSource = dataSource;
        this.config = config;
        this.batchSize = batchSize;
        this.webhook = webhook;
        this.afterCommit = afterCommit;
    }

    /** Escalates one batch of passed deadlines in one transaction; returns what it escalated. */
    public List<Escalations.Step> runOnce() throws SQLException {
        List<Escalations.Step> steps;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                steps = escalateDue(c, batchSize);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        if (afterCommit != null && !steps.isEmpty()) {
            afterCommit.accept(steps.stream().map(Escalations.Step::notificationId).toList());
        }
        return steps;
    }

    /**
     * The work of one batch in the caller's transaction (not committed here): claims up to {@code limit}
     * passed deadlines and escalates each once. Steps for deadlines that passed at the city level are
     * not returned: those are marked exhausted and put on the timeline.
     */
    public List<Escalations.Step> escalateDue(Connection c, int limit) throws SQLException {
        record Due(long id, UUID request, String stage, OffsetDateTime dueAt, UUID household, String path,
                String severity) {
        }
        List<Due> due = new ArrayList<>();
        Map<UUID, String> levels = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT d.id, d.request_id, d.stage, d.due_at, r.household_id, "
                + "r.place_path, r.severity, r.level FROM request_deadline d JOIN medical_request r ON r.id = d.request_id "
                + "WHERE d.state = 'pending' AND d.due_at <= clock_timestamp() ORDER BY d.due_at LIMIT ? "
                + "FOR UPDATE OF d, r SKIP LOCKED")) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    UUID request = rs.getObject(2, UUID.class);
                    due.add(new Due(rs.getLong(1), request, rs.getString(3), rs.getObject(4, OffsetDateTime.class),
                            rs.getObject(5, UUID.class), rs.getString(6), rs.getString(7)));
                    levels.put(request, rs.getString(8));
                }
            }
        }
        List<Escalations.Step> steps = new ArrayList<>();
        for (Due d : due) {
            String level = levels.get(d.request());
            if (Levels.next(level) == null) {
                try (PreparedStatement s = c.prepareStatement("UPDATE request_deadline SET state = 'exhausted', "
                        + "closed_at = clock_timestamp() WHERE id = ?")) {
                    s.setLong(1, d.id());
                    s.executeUpdate();
                }
                Escalations.timeline(c, d.request(), "overdue", level, "system",
                        "'" + d.stage() + "' deadline passed at city level; no level above");
                continue;
            }
            MedicalConfig.Sla sla = config.sla().get(d.severity());
            Escalations.Step step = Escalations.escalate(c, d.request(), d.household(), d.path(), level, "automatic",
                    d.stage(), d.id(), d.dueAt(), null, "system", sla.reEscalate(), webhook);
            levels.put(d.request(), step.toLevel());
            steps.add(step);
        }
        return steps;
    }
}
