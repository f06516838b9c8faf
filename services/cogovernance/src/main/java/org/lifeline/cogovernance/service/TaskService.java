package org.lifeline.cogovernance.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.lifeline.cogovernance.api.TaskApi.CompletionRequest;
import org.lifeline.cogovernance.api.TaskApi.PostRequest;
import org.lifeline.cogovernance.api.TaskApi.ReportRequest;
import org.lifeline.cogovernance.api.TaskApi.Task;
import org.lifeline.cogovernance.api.TaskApi.VolunteerHours;
import org.lifeline.cogovernance.config.Texts;
import org.lifeline.cogovernance.event.TaskEvent;
import org.lifeline.cogovernance.model.Enrolled;
import org.lifeline.cogovernance.repository.TaskRepository;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.outbox.Outbox;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Roles;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The task board. Tasks are posted by staff or arrive as events ({@link TaskFeed}); vetted volunteers of the area
 * claim them (one claimant per task: a conditional UPDATE, so of concurrent claims exactly one changes the row),
 * report progress and completion with evidence and hours. Open tasks past their deadline, by the injected
 * {@link Clock}, are flagged to staff ({@code TaskOverdue}).
 */
@ApplicationScoped
public class TaskService {

    private static final Logger LOG = Logger.getLogger(TaskService.class);

    @Inject
    Transactions tx;

    @Inject
    TaskRepository repository;

    @Inject
    PlaceScopes places;

    @Inject
    VolunteerService volunteers;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    public Task post(Caller caller, PostRequest request) {
        String path = places.requireWithin(caller, "areaCode", request.areaCode());
        if (!request.deadline().isAfter(now())) {
            throw ProblemException.invalidField("deadline", Texts.of("field.future"));
        }
        UUID id = UUID.randomUUID();
        tx.run(c -> insert(c, id, request.kind(), request.title(), request.detail(), path, "staff", null, request.deadline(),
                caller.username()));
        return get(caller, id);
    }

    /**
     * A task from another service's event, in the inbox transaction, due after the kind's usual time (a green-channel
     * escort 30 minutes, others 4 hours); the same source reference twice adds nothing.
     */
    public void fromEvent(Connection c, String kind, String title, String detail, String areaPath, String source, String sourceRef)
            throws SQLException {
        Duration due = "green-channel".equals(kind) ? Duration.ofMinutes(30) : Duration.ofHours(4);
        fromEvent(c, kind, title, detail, areaPath, source, sourceRef, now().plus(due));
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
        return repository.cancelOpen(c, source, sourceRef);
    }

    private void insert(Connection c, UUID id, String kind, String title, String detail, String path, String source,
            String sourceRef, OffsetDateTime deadline, String postedBy) throws SQLException {
        if (repository.insert(c, id, kind, title, detail, path, source, sourceRef, deadline, postedBy)) {
            Outbox.write(c, mapper, TaskEvent.POSTED, id.toString(), new TaskEvent(id, kind, path, source, sourceRef, "open", null, deadline));
        }
    }

    /**
     * Claims an open task for the calling volunteer (vetted, the task inside their areas or home area). Of
     * concurrent claims exactly one wins; the others get 409.
     */
    public Task claim(Caller caller, UUID id) {
        Task task = get(caller, id);
        Enrolled me = volunteers.requireVetted(caller);
        List<String> mine = new ArrayList<>(places.paths(caller));
        mine.add(me.homeAreaPath());
        if (!AreaPaths.within(mine, task.areaPath())) {
            throw ProblemException.notFound("Task", id);
        }
        tx.run(c -> {
            if (!repository.claim(c, id, caller.username(), me.name())) {
                throw ProblemException.conflict(Texts.of("task.claimed-by-other", id));
            }
            Outbox.write(c, mapper, TaskEvent.CLAIMED, id.toString(), new TaskEvent(id, task.kind(), task.areaPath(), task.source(),
                    task.sourceRef(), "claimed", caller.username(), task.deadline()));
        });
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
            throw ProblemException.forbidden(Texts.of("task.claimant-only"));
        }
        boolean completion = "completion".equals(kind);
        tx.run(c -> {
            if (!repository.report(c, id, caller.username(), hours, completion)) {
                throw ProblemException.conflict(Texts.of("task.nothing-to-report", id, task.status()));
            }
            repository.addReport(c, id, kind, note, evidence, caller.username());
            if (completion) {
                Outbox.write(c, mapper, TaskEvent.COMPLETED, id.toString(), new TaskEvent(id, task.kind(), task.areaPath(),
                        task.source(), task.sourceRef(), "done", caller.username(), task.deadline()));
            }
        });
        return get(caller, id);
    }

    /** A task inside the caller's areas (staff: their areas; volunteers: their areas and home area); 404 otherwise. */
    public Task get(Caller caller, UUID id) {
        List<String> mine = visiblePaths(caller);
        OffsetDateTime now = now();
        return tx.read(c -> repository.find(c, id, mine, now)).orElseThrow(() -> ProblemException.notFound("Task", id));
    }

    /** Tasks inside the caller's areas; status {@code overdue}: open ones past their deadline. */
    public PageView<Task> list(Caller caller, String status, int page, int size) {
        List<String> mine = visiblePaths(caller);
        OffsetDateTime now = now();
        return tx.read(c -> PageView.of(repository.list(c, mine, status, caller.username(), now, page, size), page, size,
                repository.count(c, mine, status, caller.username(), now)));
    }

    /** Hours per volunteer over tasks done inside the caller's areas, most hours first. */
    public List<VolunteerHours> hours(Caller caller) {
        List<String> mine = places.paths(caller);
        return tx.read(c -> repository.hours(c, mine));
    }

    /** Flags open tasks past their deadline once each, with a {@code TaskOverdue} event for staff dashboards. */
    @Scheduled(every = "${cogovernance.tasks.overdue-check:30s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledOverdueCheck() {
        flagOverdue();
    }

    /** @return how many tasks were flagged now */
    public int flagOverdue() {
        try {
            return tx.call(c -> {
                List<TaskEvent> flagged = repository.flagOverdue(c, now());
                for (TaskEvent e : flagged) {
                    Outbox.write(c, mapper, TaskEvent.OVERDUE, e.taskId().toString(), e);
                }
                return flagged.size();
            });
        } catch (IllegalStateException e) {
            LOG.warnf("Overdue check failed: %s", e.getMessage());
            return 0;
        }
    }

    private List<String> visiblePaths(Caller caller) {
        List<String> paths = new ArrayList<>(places.paths(caller));
        if (caller.hasRole(Roles.VOLUNTEER)) {
            volunteers.enrolled(caller).filter(Enrolled::vetted).ifPresent(v -> paths.add(v.homeAreaPath()));
        }
        return paths;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
