package org.lifeline.cogovernance.task;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.cogovernance.event.Outbox;
import org.lifeline.cogovernance.places.Places;
import org.lifeline.cogovernance.task.TaskApi.CompletionRequest;
import org.lifeline.cogovernance.task.TaskApi.PostRequest;
import org.lifeline.cogovernance.task.TaskApi.Report;
import org.lifeline.cogovernance.task.TaskApi.ReportRequest;
import org.lifeline.cogovernance.task.TaskApi.Task;
import org.lifeline.cogovernance.task.TaskApi.VolunteerHours;
import org.lifeline.cogovernance.volunteer.VolunteerService;
import org.lifeline.cogovernance.volunteer.VolunteerService.Enrolled;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Caller;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The task board. Tasks are posted by staff or arrive as events; vetted volunteers of the area claim them
 * (one claimant per task: a conditional UPDATE, so of concurrent claims exactly one changes the row), report
 * progress and completion with evidence and hours. Open tasks past their deadline are flagged to staff
 * ({@code TaskOverdue}).
 */
@ApplicationScoped
public class TaskService {

    private static final Logger LOG = Logger.getLogger(TaskService.class);
    public static final String TOPIC = "lifeline.cogovernance.task.v1";
    public static final String POSTED = "org.lifeline.cogovernance.TaskPosted.v1";
    public static final String CLAIMED = "org.lifeline.cogovernance.TaskClaimed.v1";
    public static final String COMPLETED = "org.lifeline.cogovernance.TaskCompleted.v1";
    public static final String OVERDUE = "org.lifeline.cogovernance.TaskOverdue.v1";

    /** Data of the task events. */
    public record TaskEvent(UUID taskId, String kind, String areaPath, String source, String sourceRef, String status,
            String claimedBy, OffsetDateTime deadline) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Places places;

    @Inject
    VolunteerService volunteers;

    @Inject
    Outbox outbox;

    public Task post(Caller caller, PostRequest request) {
        String path = places.requireWithin(caller, "areaCode", List.of(request.areaCode())).get(0);
        if (!request.deadline().isAfter(OffsetDateTime.now())) {
            throw ProblemException.invalidField("deadline", Message.of("Must be in the future.", "必须是将来的时间。"));
        }
        UUID id = UUID.randomUUID();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            insert(c, id, request.kind(), request.title(), request.detail(), path, "staff", null, request.deadline(), caller.username());
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return get(caller, id);
    }

    /** A task from another service's event, in the inbox transaction; the same source reference twice adds nothing. */
    public void fromEvent(Connection c, String kind, String title, String detail, String areaPath, String source, String sourceRef)
            throws SQLException {
        Duration due = "green-channel".equals(kind) ? Duration.ofMinutes(30) : Duration.ofHours(4);
        fromEvent(c, kind, title, detail, areaPath, source, sourceRef, OffsetDateTime.now(ZoneOffset.UTC).plus(due));
    }

    /** As above, with the deadline the event implies. */
    public void fromEvent(Connection c, String kind, String title, String detail, String areaPath, String source, String sourceRef,
            OffsetDateTime deadline) throws SQLException {
        insert(c, UUID.randomUUID(), kind, title.length() > 200 ? title.substring(0, 200) : title, detail, areaPath, source,
                sourceRef, deadline, source);
    }

    /**
     * The source no longer needs the task (e.g. the household was reached after all): cancelled if nobody has
     * claimed it yet; a claimed task stays with its volunteer. Returns whether it was cancelled.
     */
    public boolean withdrawOpen(Connection c, String source, String sourceRef) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE task SET status = 'cancelled' WHERE source = ? AND source_ref = ? "
                + "AND status = 'open'")) {
            s.setString(1, source);
            s.setString(2, sourceRef);
            return s.executeUpdate() == 1;
        }
    }

    private void insert(Connection c, UUID id, String kind, String title, String detail, String path, String source,
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
            if (s.executeUpdate() == 1) {
                outbox.write(c, TOPIC, id.toString(), POSTED, new TaskEvent(id, kind, path, source, sourceRef, "open", null, deadline));
            }
        }
    }

    /**
     * Claims an open task for the calling volunteer (vetted, the task inside their areas). Of concurrent claims
     * exactly one wins: the UPDATE only changes a row still open, and PostgreSQL re-checks that condition on
     * the row a concurrent claim committed. The others get 409.
     */
    public Task claim(Caller caller, UUID id) {
        Task task = get(caller, id);
        Enrolled me = volunteers.requireVetted(caller);
        if (!AreaPaths.within(volunteerPaths(caller, me), task.areaPath())) {
            throw ProblemException.notFound("Task", id);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int changed;
            try (PreparedStatement s = c.prepareStatement("UPDATE task SET status = 'claimed', claimed_by = ?, claimed_name = ?, "
                    + "claimed_at = now() WHERE id = ? AND status = 'open'")) {
                s.setString(1, caller.username());
                s.setString(2, me.name());
                s.setObject(3, id);
                changed = s.executeUpdate();
            }
            if (changed == 0) {
                c.rollback();
                throw ProblemException.conflict(Message.of("Task " + id + " is no longer open: someone claimed it first.",
                        "任务 " + id + " 已被他人认领。"));
            }
            outbox.write(c, TOPIC, id.toString(), CLAIMED, new TaskEvent(id, task.kind(), task.areaPath(), task.source(),
                    task.sourceRef(), "claimed", caller.username(), task.deadline()));
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return get(caller, id);
    }

    public Task progress(Caller caller, UUID id, ReportRequest request) {
        return report(caller, id, "progress", request.note(), request.evidence() == null ? List.of() : request.evidence(), null);
    }

    public Task complete(Caller caller, UUID id, CompletionRequest request) {
        return report(caller, id, "completion", request.note(), request.evidence(), request.hours());
    }

    private Task report(Caller caller, UUID id, String kind, String note, List<String> evidence, BigDecimal hours) {
        Task task = get(caller, id);
        if (!caller.username().equals(task.claimedBy())) {
            throw ProblemException.forbidden(Message.of("Only the volunteer who claimed the task reports on it.",
                    "只有认领该任务的志愿者可以汇报。"));
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            String sql = "completion".equals(kind)
                    ? "UPDATE task SET status = 'done', completed_at = now(), hours = ? WHERE id = ? AND claimed_by = ? AND status IN ('claimed', 'in-progress')"
                    : "UPDATE task SET status = 'in-progress' WHERE id = ? AND claimed_by = ? AND status IN ('claimed', 'in-progress')";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int i = 1;
                if (hours != null) {
                    s.setBigDecimal(i++, hours);
                }
                s.setObject(i++, id);
                s.setString(i, caller.username());
                if (s.executeUpdate() == 0) {
                    c.rollback();
                    throw ProblemException.conflict(Message.of("Task " + id + " is " + task.status() + ": nothing more to report.",
                            "任务 " + id + " 状态为 " + task.status() + "，无法再汇报。"));
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO task_report (task_id, kind, note, evidence, reported_by) "
                    + "VALUES (?, ?, ?, ?, ?)")) {
                s.setObject(1, id);
                s.setString(2, kind);
                s.setString(3, note);
                s.setArray(4, c.createArrayOf("text", evidence.toArray()));
                s.setString(5, caller.username());
                s.executeUpdate();
            }
            if ("completion".equals(kind)) {
                outbox.write(c, TOPIC, id.toString(), COMPLETED, new TaskEvent(id, task.kind(), task.areaPath(), task.source(),
                        task.sourceRef(), "done", caller.username(), task.deadline()));
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return get(caller, id);
    }

    /** A task inside the caller's areas (staff: their areas; volunteers: their areas and home area); 404 otherwise. */
    public Task get(Caller caller, UUID id) {
        List<String> mine = visiblePaths(caller);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SELECT + " WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && AreaPaths.within(mine, rs.getString("area_path"))) {
                    return task(rs, reports(c, id));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        throw ProblemException.notFound("Task", id);
    }

    /** Tasks inside the caller's areas; status {@code overdue}: open ones flagged past their deadline. */
    public PageView<Task> list(Caller caller, String status, int page, int size) {
        String where = " WHERE " + AreaPaths.sqlWithin("area_path", visiblePaths(caller))
                + switch (status) {
                    case "all" -> "";
                    case "overdue" -> " AND status = 'open' AND deadline < now()";
                    case "mine" -> " AND claimed_by = ?";
                    default -> " AND status = ?";
                };
        List<Task> items = new ArrayList<>();
        long total;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(SELECT + where + " ORDER BY deadline, id LIMIT ? OFFSET ?")) {
                int i = bind(s, status, caller);
                s.setInt(i++, size);
                s.setLong(i, (long) page * size);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        items.add(task(rs, null));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM task" + where)) {
                bind(s, status, caller);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return PageView.of(items, page, size, total);
    }

    private static int bind(PreparedStatement s, String status, Caller caller) throws SQLException {
        switch (status) {
            case "all", "overdue" -> {
                return 1;
            }
            case "mine" -> s.setString(1, caller.username());
            default -> s.setString(1, status);
        }
        return 2;
    }

    /** Hours per volunteer over tasks done inside the caller's areas, most hours first. */
    public List<VolunteerHours> hours(Caller caller) {
        List<VolunteerHours> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT claimed_by, "
                + "max(claimed_name), count(*), coalesce(sum(hours), 0) FROM task WHERE status = 'done' AND "
                + AreaPaths.sqlWithin("area_path", places.paths(caller)) + " GROUP BY claimed_by ORDER BY 4 DESC, 1");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                result.add(new VolunteerHours(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBigDecimal(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return result;
    }

    /** Flags open tasks past their deadline once each, with a {@code TaskOverdue} event for staff dashboards. */
    @Scheduled(every = "${cogovernance.tasks.overdue-check:30s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledOverdueCheck() {
        flagOverdue();
    }

    /** @return how many tasks were flagged now */
    public int flagOverdue() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int flagged = 0;
            try (PreparedStatement s = c.prepareStatement("UPDATE task SET flagged_at = now() WHERE id IN (SELECT id FROM task "
                    + "WHERE status = 'open' AND deadline < now() AND flagged_at IS NULL LIMIT 500 FOR UPDATE SKIP LOCKED) "
                    + "RETURNING id, kind, area_path, source, source_ref, deadline");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    outbox.write(c, TOPIC, id.toString(), OVERDUE, new TaskEvent(id, rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), "open", null, rs.getObject(6, OffsetDateTime.class)));
                    flagged++;
                }
            }
            c.commit();
            return flagged;
        } catch (SQLException e) {
            LOG.warnf("Overdue check failed: %s", e.getMessage());
            return 0;
        }
    }

    private List<String> visiblePaths(Caller caller) {
        List<String> paths = new ArrayList<>(places.paths(caller));
        if (caller.hasRole(org.lifeline.platform.security.Roles.VOLUNTEER)) {
            volunteers.enrolled(caller).filter(v -> "vetted".equals(v.status())).ifPresent(v -> paths.add(v.homeAreaPath()));
        }
        return paths;
    }

    private List<String> volunteerPaths(Caller caller, Enrolled me) {
        List<String> paths = new ArrayList<>(places.paths(caller));
        paths.add(me.homeAreaPath());
        return paths;
    }

    private static final String SELECT = "SELECT id, kind, title, detail, area_path, source, source_ref, deadline, status, "
            + "claimed_by, claimed_at, completed_at, hours, flagged_at, created_at FROM task";

    private static Task task(ResultSet rs, List<Report> reports) throws SQLException {
        OffsetDateTime deadline = rs.getObject("deadline", OffsetDateTime.class);
        String status = rs.getString("status");
        return new Task(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getString("title"), rs.getString("detail"),
                rs.getString("area_path"), rs.getString("source"), rs.getString("source_ref"), deadline, status,
                "open".equals(status) && deadline.isBefore(OffsetDateTime.now()), rs.getString("claimed_by"),
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
