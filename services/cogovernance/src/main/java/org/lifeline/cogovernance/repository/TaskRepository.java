package org.lifeline.cogovernance.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.cogovernance.api.TaskApi.Report;
import org.lifeline.cogovernance.api.TaskApi.Task;
import org.lifeline.cogovernance.api.TaskApi.VolunteerHours;
import org.lifeline.cogovernance.event.TaskEvent;
import org.lifeline.platform.security.AreaPaths;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The task board's tables, {@code task} and {@code task_report}. Whether a task is overdue is decided against the
 * time the caller passes (the service's clock), never the database's {@code now()}.
 */
@ApplicationScoped
public class TaskRepository {

    private static final String SELECT = "SELECT id, kind, title, detail, area_path, source, source_ref, deadline, status, "
            + "claimed_by, claimed_at, completed_at, hours, flagged_at, created_at FROM task";

    /** Inserts an open task; the same (source, source reference) twice inserts nothing. Returns whether it was new. */
    public boolean insert(Connection c, UUID id, String kind, String title, String detail, String path, String source,
            String sourceRef, OffsetDateTime deadline, String postedBy) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO task (id, kind, title, detail, area_path, source, source_ref, "
                + "deadline, status, posted_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?) ON CONFLICT (source, source_ref) DO NOTHING")) {
            s.setObject(1, id);
            s.setString(2, kind);
            s.setString(3, title);
            s.setString(4, detail);
            s.setString(5, path);
            s.setString(6, source);
            s.setString(7, sourceRef);
            s.setObject(8, deadline);
            s.setString(9, postedBy);
            return s.executeUpdate() == 1;
        }
    }

    /** Cancels the source's task if it is still open; returns whether it did. */
    public boolean cancelOpen(Connection c, String source, String sourceRef) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE task SET status = 'cancelled' WHERE source = ? AND source_ref = ? "
                + "AND status = 'open'")) {
            s.setString(1, source);
            s.setString(2, sourceRef);
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Claims a task still open: of concurrent claims exactly one changes the row (PostgreSQL re-checks the condition
     * on the row a concurrent claim committed). Returns whether this one did.
     */
    public boolean claim(Connection c, UUID id, String username, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE task SET status = 'claimed', claimed_by = ?, claimed_name = ?, "
                + "claimed_at = now() WHERE id = ? AND status = 'open'")) {
            s.setString(1, username);
            s.setString(2, name);
            s.setObject(3, id);
            return s.executeUpdate() == 1;
        }
    }

    /** The claimant's progress (hours null) or completion (with hours) on a claimed task; returns whether it applied. */
    public boolean report(Connection c, UUID id, String username, BigDecimal hours, boolean completion) throws SQLException {
        String sql = completion
                ? "UPDATE task SET status = 'done', completed_at = now(), hours = ? WHERE id = ? AND claimed_by = ? AND status IN ('claimed', 'in-progress')"
                : "UPDATE task SET status = 'in-progress' WHERE id = ? AND claimed_by = ? AND status IN ('claimed', 'in-progress')";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (completion) {
                s.setBigDecimal(i++, hours);
            }
            s.setObject(i++, id);
            s.setString(i, username);
            return s.executeUpdate() == 1;
        }
    }

    public void addReport(Connection c, UUID id, String kind, String note, List<String> evidence, String username) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO task_report (task_id, kind, note, evidence, reported_by) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            s.setObject(1, id);
            s.setString(2, kind);
            s.setString(3, note);
            s.setArray(4, c.createArrayOf("text", evidence.toArray()));
            s.setString(5, username);
            s.executeUpdate();
        }
    }

    /** A task with its reports, if it is inside the paths. */
    public Optional<Task> find(Connection c, UUID id, List<String> paths, OffsetDateTime now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && AreaPaths.within(paths, rs.getString("area_path"))) {
                    return Optional.of(task(rs, reports(c, id), now));
                }
            }
        }
        return Optional.empty();
    }

    /** A page of tasks inside the paths by status ({@code overdue}: open past the deadline at {@code now}). */
    public List<Task> list(Connection c, List<String> paths, String status, String username, OffsetDateTime now, int page, int size)
            throws SQLException {
        List<Task> items = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(SELECT + where(paths, status) + " ORDER BY deadline, id LIMIT ? OFFSET ?")) {
            int i = bind(s, status, username, now);
            s.setInt(i++, size);
            s.setLong(i, (long) page * size);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    items.add(task(rs, null, now));
                }
            }
        }
        return items;
    }

    public long count(Connection c, List<String> paths, String status, String username, OffsetDateTime now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM task" + where(paths, status))) {
            bind(s, status, username, now);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String where(List<String> paths, String status) {
        return " WHERE " + AreaPaths.sqlWithin("area_path", paths) + switch (status) {
            case "all" -> "";
            case "overdue" -> " AND status = 'open' AND deadline < ?";
            case "mine" -> " AND claimed_by = ?";
            default -> " AND status = ?";
        };
    }

    private static int bind(PreparedStatement s, String status, String username, OffsetDateTime now) throws SQLException {
        switch (status) {
            case "all" -> {
                return 1;
            }
            case "overdue" -> s.setObject(1, now);
            case "mine" -> s.setString(1, username);
            default -> s.setString(1, status);
        }
        return 2;
    }

    /** Hours per volunteer over tasks done inside the paths, most hours first. */
    public List<VolunteerHours> hours(Connection c, List<String> paths) throws SQLException {
        List<VolunteerHours> result = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT claimed_by, max(claimed_name), count(*), coalesce(sum(hours), 0) "
                + "FROM task WHERE status = 'done' AND " + AreaPaths.sqlWithin("area_path", paths)
                + " GROUP BY claimed_by ORDER BY 4 DESC, 1"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                result.add(new VolunteerHours(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBigDecimal(4)));
            }
        }
        return result;
    }

    /**
     * Flags up to 500 open tasks whose deadline is before {@code now} and that were not flagged yet (rows another
     * check holds are skipped), and returns them as {@code TaskOverdue} data.
     */
    public List<TaskEvent> flagOverdue(Connection c, OffsetDateTime now) throws SQLException {
        List<TaskEvent> flagged = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("UPDATE task SET flagged_at = ? WHERE id IN (SELECT id FROM task "
                + "WHERE status = 'open' AND deadline < ? AND flagged_at IS NULL LIMIT 500 FOR UPDATE SKIP LOCKED) "
                + "RETURNING id, kind, area_path, source, source_ref, deadline")) {
            s.setObject(1, now);
            s.setObject(2, now);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    flagged.add(new TaskEvent(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), "open", null, rs.getObject(6, OffsetDateTime.class)));
                }
            }
        }
        return flagged;
    }

    private static Task task(ResultSet rs, List<Report> reports, OffsetDateTime now) throws SQLException {
        OffsetDateTime deadline = rs.getObject("deadline", OffsetDateTime.class);
        String status = rs.getString("status");
        return new Task(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getString("title"), rs.getString("detail"),
                rs.getString("area_path"), rs.getString("source"), rs.getString("source_ref"), deadline, status,
                "open".equals(status) && deadline.isBefore(now), rs.getString("claimed_by"),
                rs.getObject("claimed_at", OffsetDateTime.class), rs.getObject("completed_at", OffsetDateTime.class),
                rs.getBigDecimal("hours"), rs.getObject("flagged_at", OffsetDateTime.class),
                rs.getObject("created_at", OffsetDateTime.class), reports);
    }

    private static List<Report> reports(Connection c, UUID id) throws SQLException {
        List<Report> reports = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT kind, note, evidence, reported_by, reported_at FROM task_report "
                + "WHERE task_id = ? ORDER BY id")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    reports.add(new Report(rs.getString(1), rs.getString(2), List.of((String[]) rs.getArray(3).getArray()),
                            rs.getString(4), rs.getObject(5, OffsetDateTime.class)));
                }
            }
        }
        return reports;
    }
}
