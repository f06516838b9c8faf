package org.lifeline.medical.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.medical.api.MedicalApi.Assignment;
import org.lifeline.medical.api.MedicalApi.Deadline;
import org.lifeline.medical.api.MedicalApi.Details;
import org.lifeline.medical.api.MedicalApi.Notification;
import org.lifeline.medical.api.MedicalApi.RaiseRequest;
import org.lifeline.medical.api.MedicalApi.RequestSummary;
import org.lifeline.medical.api.MedicalApi.RequestView;
import org.lifeline.medical.api.MedicalApi.TimelineEntry;
import org.lifeline.medical.config.MedicalConfig;
import org.lifeline.medical.escalation.Escalations;
import org.lifeline.medical.escalation.WebhookNotifier;
import org.lifeline.medical.event.MedicalEvents;
import org.lifeline.medical.rest.Areas;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.outbox.OutboxRelay;
import org.lifeline.platform.privacy.Masking;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.problem.ProblemType;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Roles;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Urgent medical requests: raise (triage, deadlines per stage, the community notified), the stages
 * (acknowledged, en route, resolved, cancelled), the staff whistle, and the views.
 *
 * <p>Who sees what (ARCHITECTURE.md rules 4 and 5): the requester's household (resident token
 * {@code household}) and staff whose areas cover the household see the request and its timeline; anyone
 * else gets 404. Medical details (description, answers, contact) are shown whole only to the household,
 * health officers of the area, and the staff handling it: community staff and grid workers from the start,
 * a street officer once it reached the street, a district officer once it reached the district. Others
 * (a platform admin, a street officer before escalation) see them masked. Each whole read is audited in
 * {@code medical_detail_access} in the read's own transaction.
 */
@ApplicationScoped
public class RequestService {

    static final List<String> STAGES = List.of("acknowledged", "assigned", "en_route", "resolved");
    static final List<String> STATUSES = List.of("raised", "acknowledged", "assigned", "en_route", "resolved");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Areas areas;

    @Inject
    MedicalConfig config;

    @Inject
    OutboxRelay relay;

    @Inject
    WebhookNotifier webhook;

    @Inject
    ObjectMapper mapper;

    /** A request row, as the access rules need it. */
    record Row(UUID id, UUID household, String householdCode, String path, String status, String level,
            String severity) {
    }

    public enum Access { NONE, SUMMARY, DETAILS }

    // ---------------------------------------------------------------- raise

    /** @return the new request, or the first response again for a repeated {@code Idempotency-Key} */
    public RequestView raise(Caller caller, RaiseRequest body, String idempotencyKey, String httpRequestId) {
        if (!Triage.CATEGORIES.contains(body.category())) {
            throw ProblemException.invalidField("category", Message.of("must be one of " + Triage.CATEGORIES,
                    "必须是以下之一：" + Triage.CATEGORIES));
        }
        String hash = hash(body);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (idempotencyKey != null) {
                    UUID earlier = replay(c, caller, idempotencyKey, hash);
                    if (earlier != null) {
                        c.commit();
                        return view(caller, earlier, httpRequestId);
                    }
                }
                UUID household;
                String code;
                String path;
                if (caller.isResident() && !caller.isStaff()) {
                    if (caller.household() == null || (body.householdId() != null)) {
                        throw ProblemException.forbidden(Message.of("A resident raises requests for their own household only.",
                                "居民只能为本户提出求助。"));
                    }
                    try (PreparedStatement s = c.prepareStatement("SELECT id, code, place_path FROM household_rm WHERE code = ? "
                            + "ORDER BY updated_at DESC LIMIT 1")) {
                        s.setString(1, caller.household());
                        try (ResultSet rs = s.executeQuery()) {
                            if (!rs.next()) {
                                throw ProblemException.notFound("Household", caller.household());
                            }
                            household = rs.getObject(1, UUID.class);
                            code = rs.getString(2);
                            path = rs.getString(3);
                        }
                    }
                } else {
                    if (body.householdId() == null) {
                        throw ProblemException.invalidField("householdId", Message.of("staff name the household they act for",
                                "工作人员代为求助时须指明住户"));
                    }
                    try (PreparedStatement s = c.prepareStatement("SELECT id, code, place_path FROM household_rm WHERE id = ?")) {
                        s.setObject(1, body.householdId());
                        try (ResultSet rs = s.executeQuery()) {
                            if (!rs.next() || !AreaPaths.within(areas.paths(caller), rs.getString(3))) {
                                throw ProblemException.notFound("Household", body.householdId());
                            }
                            household = rs.getObject(1, UUID.class);
                            code = rs.getString(2);
                            path = rs.getString(3);
                        }
                    }
                }
                String severity = Triage.severity(body.category(), body.answers());
                boolean infection;
                try (PreparedStatement s = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM infection_flag WHERE household_id = ?)")) {
                    s.setObject(1, household);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        infection = rs.getBoolean(1);
                    }
                }
                UUID id = UUID.randomUUID();
                String communityCode = Levels.code(path, "community");
                OffsetDateTime raisedAt;
                try (PreparedStatement s = c.prepareStatement("INSERT INTO medical_request (id, household_id, household_code, "
                        + "place_path, category, severity, description, answers, contact_name, contact_phone, status, level, "
                        + "level_code, infection_control, raised_by, raised_by_subject, idempotency_key, request_hash) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, 'raised', 'community', ?, ?, ?, ?, ?, ?) RETURNING raised_at")) {
                    s.setObject(1, id);
                    s.setObject(2, household);
                    s.setString(3, code);
                    s.setString(4, path);
                    s.setString(5, body.category());
                    s.setString(6, severity);
                    s.setString(7, body.description());
                    s.setString(8, json(body.answers() == null ? Map.of() : body.answers()));
                    s.setString(9, body.contact().name());
                    s.setString(10, body.contact().phone());
                    s.setString(11, communityCode);
                    s.setBoolean(12, infection);
                    s.setString(13, caller.username());
                    s.setString(14, caller.subject());
                    s.setString(15, idempotencyKey);
                    s.setString(16, idempotencyKey == null ? null : hash);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        raisedAt = rs.getObject(1, OffsetDateTime.class);
                    }
                }
                MedicalConfig.Sla sla = config.sla().get(severity);
                try (PreparedStatement s = c.prepareStatement("INSERT INTO request_deadline (request_id, stage, level, due_at) "
                        + "VALUES (?, ?, 'community', ?)")) {
                    for (String stage : STAGES) {
                        s.setObject(1, id);
                        s.setString(2, stage);
                        s.setTimestamp(3, Timestamp.from(raisedAt.toInstant().plus(sla.of(stage))));
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                Escalations.timeline(c, id, "raised", "community", caller.username(),
                        "Raised (" + body.category() + "), triaged " + severity);
                if (infection) {
                    Escalations.timeline(c, id, "infection-control", "community", "testing",
                            "A household member tested positive: infection control for transport and admission");
                }
                long notification = Escalations.notify(c, id, null, "community", communityCode,
                        Levels.path(path, "community"), "New " + severity + " request (" + body.category() + ")",
                        webhook.enabled());
                MedicalEvents.write(c, id, MedicalEvents.RAISED, new MedicalEvents.Raised(id, household, path,
                        body.category(), severity, "community", communityCode, infection, raisedAt));
                c.commit();
                relay.wake();
                webhook.send(List.of(notification));
                return view(caller, id, httpRequestId);
            } catch (SQLException e) {
                c.rollback();
                if ("23505".equals(e.getSQLState()) && idempotencyKey != null) {
                    // the same key committed meanwhile by a concurrent retry: replay it
                    try (Connection again = dataSource.getConnection()) {
                        UUID earlier = replay(again, caller, idempotencyKey, hash);
                        if (earlier != null) {
                            return view(caller, earlier, httpRequestId);
                        }
                    }
                }
                throw e;
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private UUID replay(Connection c, Caller caller, String key, String hash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, request_hash FROM medical_request "
                + "WHERE raised_by_subject = ? AND idempotency_key = ?")) {
            s.setString(1, caller.subject());
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                if (!hash.equals(rs.getString(2))) {
                    throw new ProblemException(ProblemType.UNPROCESSABLE, Message.of(
                            "This Idempotency-Key was used with another request body.",
                            "此 Idempotency-Key 已用于另一个请求内容。"));
                }
                return rs.getObject(1, UUID.class);
            }
        }
    }

    // ---------------------------------------------------------------- stages

    /** Staff handling it (or a health officer) acknowledge: the acknowledged deadline is met. */
    public RequestView acknowledge(Caller caller, UUID id, String httpRequestId) {
        return advance(caller, id, "acknowledged", null, httpRequestId);
    }

    public RequestView enRoute(Caller caller, UUID id, String note, String httpRequestId) {
        return advance(caller, id, "en_route", note, httpRequestId);
    }

    public RequestView resolve(Caller caller, UUID id, String note, String httpRequestId) {
        return advance(caller, id, "resolved", note, httpRequestId);
    }

    RequestView advance(Caller caller, UUID id, String status, String note, String httpRequestId) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Row row = lock(c, id);
                requireHandling(caller, row);
                int from = STATUSES.indexOf(row.status());
                int to = STATUSES.indexOf(status);
                if (from < 0 || from >= to || ("en_route".equals(status) && !"assigned".equals(row.status()))) {
                    throw ProblemException.conflict(Message.of("The request is " + row.status() + "; it cannot become " + status
                            + " now.", "该求助当前状态为 " + row.status() + "，不能变为 " + status + "。"));
                }
                setStatus(c, row, status);
                Escalations.timeline(c, id, status, row.level(), caller.username(), note);
                if ("resolved".equals(status)) {
                    MedicalEvents.write(c, id, MedicalEvents.RESOLVED, new MedicalEvents.Resolved(id, row.household(),
                            "resolved", OffsetDateTime.now()));
                }
                c.commit();
                relay.wake();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return view(caller, id, httpRequestId);
    }

    /** The household or the staff handling it withdraw the request: deadlines cancelled, a reservation released. */
    public RequestView cancel(Caller caller, UUID id, String reason, String httpRequestId) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Row row = lock(c, id);
                if (access(caller, row) != Access.DETAILS) {
                    throw visibleOrNot(caller, row);
                }
                if (Set.of("resolved", "cancelled").contains(row.status())) {
                    throw ProblemException.conflict(Message.of("The request is already " + row.status() + ".",
                            "该求助已" + ("resolved".equals(row.status()) ? "解决" : "撤销") + "。"));
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE medical_request SET status = 'cancelled', "
                        + "updated_at = now() WHERE id = ?")) {
                    s.setObject(1, id);
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE request_deadline SET state = 'cancelled', "
                        + "closed_at = clock_timestamp() WHERE request_id = ? AND state = 'pending'")) {
                    s.setObject(1, id);
                    s.executeUpdate();
                }
                HospitalService.release(c, id);
                Escalations.timeline(c, id, "cancelled", row.level(), caller.username(), reason);
                MedicalEvents.write(c, id, MedicalEvents.RESOLVED, new MedicalEvents.Resolved(id, row.household(),
                        "cancelled", OffsetDateTime.now()));
                c.commit();
                relay.wake();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return view(caller, id, httpRequestId);
    }

    /**
     * The patient of a resolved request left the hospital: the place the request reserved is given back and
     * the timeline says so. 409 when the request is not resolved or holds no place.
     */
    public RequestView discharge(Caller caller, UUID id, String note, String httpRequestId) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Row row = lock(c, id);
                requireHandling(caller, row);
                if (!"resolved".equals(row.status())) {
                    throw ProblemException.conflict(Message.of("The request is " + row.status()
                            + "; only a resolved request's patient can be discharged.",
                            "该求助当前状态为 " + row.status() + "，只有已解决的求助才能办理出院。"));
                }
                if (!HospitalService.release(c, id)) {
                    throw ProblemException.conflict(Message.of("The request holds no hospital place (never assigned, or "
                            + "already discharged).", "该求助没有占用医院床位（未分配或已出院）。"));
                }
                Escalations.timeline(c, id, "discharged", row.level(), caller.username(), note);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return view(caller, id, httpRequestId);
    }

    /** A staff member of the area blows the whistle: the request goes one level up now, with the reason. */
    public RequestView whistle(Caller caller, UUID id, String reason, String httpRequestId) {
        List<Long> notifications = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Row row = lock(c, id);
                if (!caller.isStaff() || access(caller, row) == Access.NONE) {
                    throw visibleOrNot(caller, row);
                }
                if (Set.of("resolved", "cancelled").contains(row.status()) || Levels.next(row.level()) == null) {
                    throw ProblemException.conflict(Message.of("The request is " + row.status() + " at " + row.level()
                            + " level; it cannot go higher.", "该求助已无法再向上吹哨。"));
                }
                notifications.add(Escalations.escalate(c, id, row.household(), row.path(), row.level(), "whistle", null,
                        null, null, reason, caller.username(), null, webhook.enabled()).notificationId());
                c.commit();
                relay.wake();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        webhook.send(notifications);
        return view(caller, id, httpRequestId);
    }

    /** The status, with every pending deadline of the stages now reached marked met. */
    static void setStatus(Connection c, Row row, String status) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE medical_request SET status = ?, updated_at = now() WHERE id = ?")) {
            s.setString(1, status);
            s.setObject(2, row.id());
            s.executeUpdate();
        }
        List<String> met = STAGES.subList(0, STAGES.indexOf(status) + 1);
        try (PreparedStatement s = c.prepareStatement("UPDATE request_deadline SET state = 'met', closed_at = clock_timestamp() "
                + "WHERE request_id = ? AND state = 'pending' AND stage = ANY (?)")) {
            s.setObject(1, row.id());
            s.setArray(2, c.createArrayOf("varchar", met.toArray()));
            s.executeUpdate();
        }
    }

    // ---------------------------------------------------------------- access

    static Row lock(Connection c, UUID id) throws SQLException {
        return row(c, id, true);
    }

    static Row row(Connection c, UUID id, boolean lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, household_id, household_code, place_path, status, level, "
                + "severity FROM medical_request WHERE id = ?" + (lock ? " FOR UPDATE" : ""))) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound("Medical request", id);
                }
                return new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7));
            }
        }
    }

    /** What this caller may see of this request (see the class comment). */
    public Access access(Caller caller, Row row) {
        if (caller.household() != null && caller.household().equals(row.householdCode()) && caller.isResident()) {
            return Access.DETAILS;
        }
        if (!caller.isStaff() && !caller.isPlatformAdmin() || !AreaPaths.within(areas.paths(caller), row.path())) {
            return Access.NONE;
        }
        if (caller.hasRole(Roles.HEALTH_OFFICER) || caller.hasRole(Roles.COMMUNITY_STAFF) || caller.hasRole(Roles.GRID_WORKER)
                || caller.hasRole(Roles.STREET_OFFICER) && Levels.rank(row.level()) >= Levels.rank("street")
                || caller.hasRole(Roles.DISTRICT_OFFICER) && Levels.rank(row.level()) >= Levels.rank("district")) {
            return Access.DETAILS;
        }
        return Access.SUMMARY;
    }

    /** Staff handling it, or a health officer of the area: may move it through the stages. */
    void requireHandling(Caller caller, Row row) {
        if (!caller.isStaff() || access(caller, row) != Access.DETAILS) {
            throw visibleOrNot(caller, row);
        }
    }

    private ProblemException visibleOrNot(Caller caller, Row row) {
        if (access(caller, row) == Access.NONE) {
            return ProblemException.notFound("Medical request", row.id());
        }
        return ProblemException.forbidden(Message.of("Only the household, health officers and the staff handling this "
                + "request may do this.", "只有本户、卫生健康工作人员和负责处理的工作人员可以执行此操作。"));
    }

    // ---------------------------------------------------------------- views

    /** The request with its deadlines and timeline; details whole (and audited) or masked. */
    public RequestView view(Caller caller, UUID id, String httpRequestId) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Row row = row(c, id, false);
                Access access = access(caller, row);
                if (access == Access.NONE) {
                    throw ProblemException.notFound("Medical request", id);
                }
                RequestSummary summary = summaries(c, "r.id = ?", List.of(id), 0, 1).get(0);
                Details details;
                try (PreparedStatement s = c.prepareStatement("SELECT description, answers::text, contact_name, contact_phone "
                        + "FROM medical_request WHERE id = ?")) {
                    s.setObject(1, id);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        details = access == Access.DETAILS
                                ? new Details(false, rs.getString(1), parse(rs.getString(2)), rs.getString(3), rs.getString(4))
                                : new Details(true, null, null, maskName(rs.getString(3)), Masking.phone(rs.getString(4)));
                    }
                }
                if (access == Access.DETAILS) {
                    audit(c, caller, row, httpRequestId);
                }
                List<Deadline> deadlines = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("SELECT stage, level, due_at, state FROM request_deadline "
                        + "WHERE request_id = ? ORDER BY due_at, id")) {
                    s.setObject(1, id);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            deadlines.add(new Deadline(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class),
                                    rs.getString(4)));
                        }
                    }
                }
                List<TimelineEntry> timeline = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("SELECT at, kind, level, actor, note FROM timeline_entry "
                        + "WHERE request_id = ? ORDER BY id")) {
                    s.setObject(1, id);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            timeline.add(new TimelineEntry(rs.getObject(1, OffsetDateTime.class), rs.getString(2),
                                    rs.getString(3), rs.getString(4), rs.getString(5)));
                        }
                    }
                }
                Assignment assignment = HospitalService.assignment(c, id);
                c.commit();
                return new RequestView(summary, details, deadlines, timeline, assignment);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void audit(Connection c, Caller caller, Row row, String httpRequestId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO medical_detail_access (actor_subject, actor_username, "
                + "actor_roles, request_id, household_id, fields, purpose, http_request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, caller.subject() == null ? "unknown" : caller.subject());
            s.setString(2, caller.username());
            s.setString(3, String.join(",", new java.util.TreeSet<>(caller.roles())));
            s.setObject(4, row.id());
            s.setObject(5, row.household());
            s.setString(6, "description,answers,contactName,contactPhone");
            s.setString(7, caller.household() != null && caller.household().equals(row.householdCode())
                    ? "own household's request" : "handling an urgent medical request");
            s.setString(8, httpRequestId);
            s.executeUpdate();
        }
    }

    /** Requests the caller may see, newest first: a resident's household, or staff's areas. */
    public PageView<RequestSummary> list(Caller caller, boolean openOnly, int page, int size) {
        try (Connection c = dataSource.getConnection()) {
            String where;
            List<Object> params = new ArrayList<>();
            if (caller.isStaff() || caller.isPlatformAdmin()) {
                where = AreaPaths.sqlWithin("r.place_path", areas.paths(caller));
            } else if (caller.household() != null) {
                where = "r.household_code = ?";
                params.add(caller.household());
            } else {
                where = "FALSE";
            }
            if (openOnly) {
                where += " AND r.status NOT IN ('resolved', 'cancelled')";
            }
            long total;
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM medical_request r WHERE " + where)) {
                for (int i = 0; i < params.size(); i++) {
                    s.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            return PageView.of(summaries(c, where, params, page * size, size), page, size, total);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A household's requests (the gateway's household overview): the household itself or staff of its area. */
    public List<RequestSummary> ofHousehold(Caller caller, UUID household) {
        try (Connection c = dataSource.getConnection()) {
            String code;
            String path;
            try (PreparedStatement s = c.prepareStatement("SELECT code, place_path FROM household_rm WHERE id = ?")) {
                s.setObject(1, household);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw ProblemException.notFound("Household", household);
                    }
                    code = rs.getString(1);
                    path = rs.getString(2);
                }
            }
            boolean own = caller.isResident() && code.equals(caller.household());
            if (!own && !AreaPaths.within(areas.paths(caller), path)) {
                throw ProblemException.notFound("Household", household);
            }
            return summaries(c, "r.household_id = ?", List.of(household), 0, 100);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Notifications to the places of the caller's areas (and below), newest first; of one request if given. */
    public List<Notification> notifications(Caller caller, UUID request, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT id, request_id, level, place_code, audience, message, "
                        + "webhook_status, created_at FROM notification WHERE "
                        + AreaPaths.sqlWithin("place_path", areas.paths(caller))
                        + " AND (?::uuid IS NULL OR request_id = ?::uuid) ORDER BY id DESC LIMIT ?")) {
            s.setObject(1, request);
            s.setObject(2, request);
            s.setInt(3, limit);
            List<Notification> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Notification(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<RequestSummary> summaries(Connection c, String where, List<Object> params, int offset, int limit)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT r.id, r.household_id, r.household_code, r.category, r.severity, "
                + "r.status, r.level, r.level_code, r.infection_control, r.raised_at, r.updated_at, d.stage, d.level, d.due_at "
                + "FROM medical_request r LEFT JOIN LATERAL (SELECT stage, level, due_at FROM request_deadline x "
                + "WHERE x.request_id = r.id AND x.state = 'pending' ORDER BY due_at LIMIT 1) d ON true WHERE " + where
                + " ORDER BY r.raised_at DESC, r.id OFFSET ? LIMIT ?")) {
            int i = 1;
            for (Object p : params) {
                s.setObject(i++, p);
            }
            s.setInt(i++, offset);
            s.setInt(i, limit);
            List<RequestSummary> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Deadline next = rs.getString(12) == null ? null
                            : new Deadline(rs.getString(12), rs.getString(13), rs.getObject(14, OffsetDateTime.class), "pending");
                    out.add(new RequestSummary(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getBoolean(9), rs.getObject(10, OffsetDateTime.class), rs.getObject(11, OffsetDateTime.class), next));
                }
            }
            return out;
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The first character of a name, the rest as asterisks (张三丰 → 张**). */
    static String maskName(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        int first = name.offsetByCodePoints(0, 1);
        return name.substring(0, first) + "*".repeat(Math.max(1, name.codePointCount(first, name.length())));
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw ProblemException.invalidField("answers", Message.of("not valid JSON", "不是有效的 JSON"));
        }
    }

    private Map<String, Object> parse(String json) {
        try {
            return mapper.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private String hash(RaiseRequest body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(mapper.writeValueAsString(body)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
