package org.lifeline.hotline.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.hotline.api.HotlineApi.TicketSummary;
import org.lifeline.hotline.config.HotlineConfig;
import org.lifeline.hotline.event.TicketEvent;
import org.lifeline.hotline.model.Levels;
import org.lifeline.hotline.model.TicketRow;
import org.lifeline.hotline.repository.SignalRepository;
import org.lifeline.hotline.repository.TicketRepository;
import org.lifeline.hotline.repository.TimelineRepository;
import org.lifeline.platform.deadline.Deadlines;
import org.lifeline.platform.events.EventType;
import org.lifeline.platform.outbox.Outbox;
import org.lifeline.platform.places.PlaceScopes;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What every change of a ticket shares: the time (the injected {@link Clock}), the deadlines per urgency (shorter in
 * an emergency-mode area), the one platform deadline that escalates a ticket ({@value #KIND}, at its next due time
 * while it is open, none while it waits on the resident or is done), the pause and resume of the clock, escalation
 * one level up, the events.
 */
@ApplicationScoped
public class TicketChanges {

    /** The platform deadline kind of a ticket's next due time (subject: the ticket id). */
    public static final String KIND = "hotline.ticket";

    @Inject
    Clock clock;

    @Inject
    ObjectMapper mapper;

    @Inject
    HotlineConfig config;

    @Inject
    PlaceScopes places;

    @Inject
    TicketRepository tickets;

    @Inject
    TimelineRepository timeline;

    @Inject
    SignalRepository signals;

    /** Now, to the microsecond (as PostgreSQL keeps it). */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Whether deadlines at this place are the emergency ones. */
    public boolean emergency(Connection c, String placePath) throws SQLException {
        return signals.inEmergency(c, placePath, configuredEmergencyPaths());
    }

    /**
     * The paths under which deadlines are the emergency ones now (configured areas and areas in emergency mode), for
     * many tickets at once: a place is in emergency when its path starts with one of them.
     */
    public List<String> emergencyPaths(Connection c) throws SQLException {
        List<String> paths = new ArrayList<>(configuredEmergencyPaths());
        paths.addAll(signals.emergencyAreaPaths(c));
        return paths;
    }

    private List<String> configuredEmergencyPaths() {
        List<String> configured = config.emergency().areas().stream().filter(a -> !"none".equals(a)).toList();
        return configured.isEmpty() ? List.of() : new ArrayList<>(places.pathsOf(configured).values());
    }

    /** The deadlines of tickets that have just opened (none of them has one yet), in one statement. */
    public void scheduleOpened(Connection c, List<TicketRow> opened) throws SQLException {
        java.util.Map<String, Instant> due = new java.util.LinkedHashMap<>();
        for (TicketRow t : opened) {
            due.put(t.id() + "@" + t.level(), t.nextDue());
        }
        Deadlines.scheduleAll(c, KIND, due);
    }

    public Duration firstResponse(String urgency, boolean emergency) {
        return scaled(config.sla().get(urgency).firstResponse(), emergency);
    }

    public Duration resolve(String urgency, boolean emergency) {
        return scaled(config.sla().get(urgency).resolve(), emergency);
    }

    public Duration reEscalate(String urgency, boolean emergency) {
        return scaled(config.sla().get(urgency).reEscalate(), emergency);
    }

    private Duration scaled(Duration d, boolean emergency) {
        return emergency ? Duration.ofMillis((long) (d.toMillis() * config.emergency().factor())) : d;
    }

    /**
     * The ticket's one escalation deadline: at its next due time while open, none otherwise. Its subject is
     * {@code <ticket id>@<level>}, so the deadline a level gets when the ticket escalates is a new one, not the one the
     * worker is firing (which it deletes when the handler returns).
     */
    public void schedule(Connection c, TicketRow t) throws SQLException {
        List<String> others = new ArrayList<>();
        for (String level : Levels.LADDER) {
            if (!"open".equals(t.status()) || !level.equals(t.level())) {
                others.add(t.id() + "@" + level);
            }
        }
        Deadlines.cancel(c, KIND, others);
        if ("open".equals(t.status())) {
            Deadlines.schedule(c, KIND, t.id() + "@" + t.level(), t.nextDue());
        }
    }

    /** The ticket of a deadline's subject ({@code <ticket id>@<level>}). */
    public static java.util.UUID ticketOf(String subject) {
        int at = subject.indexOf('@');
        return java.util.UUID.fromString(at < 0 ? subject : subject.substring(0, at));
    }

    /** Writes the row back and (re)schedules its deadline. */
    public void save(Connection c, TicketRow t) throws SQLException {
        tickets.update(c, t, now());
        schedule(c, t);
    }

    /** The first answer to the ticket (a claim, a reply, a resolution), if none yet: whether it came in time. */
    public TicketRow responded(Connection c, TicketRow t) throws SQLException {
        if (t.firstResponseAt() != null) {
            return t;
        }
        Instant now = now();
        tickets.markOnTime(c, t.id(), !now.isAfter(t.firstResponseDue()), null);
        return with(t, t.status(), t.level(), t.levelCode(), t.claimedBy(), t.firstResponseDue(), t.resolveDue(), now,
                t.resolvedAt(), t.resolution(), t.waitingSince(), t.pausedSeconds(), t.contactsCount(), t.mergedInto());
    }

    /** Resumes a ticket waiting on the resident: its deadlines move by the time it waited. */
    public TicketRow resume(Connection c, TicketRow t, String actor, String why) throws SQLException {
        Instant now = now();
        Duration paused = Duration.between(t.waitingSince(), now);
        TicketRow resumed = with(t, "open", t.level(), t.levelCode(), t.claimedBy(),
                t.firstResponseAt() == null ? t.firstResponseDue().plus(paused) : t.firstResponseDue(),
                t.resolveDue().plus(paused), t.firstResponseAt(), t.resolvedAt(), t.resolution(), null,
                t.pausedSeconds() + paused.toSeconds(), t.contactsCount(), t.mergedInto());
        timeline.add(c, t.id(), "resumed", t.level(), actor, why + "; clock paused " + paused.toSeconds()
                + " s, deadlines moved by as much (resolve due " + utc(resumed.resolveDue()) + ")", now);
        save(c, resumed);
        return resumed;
    }

    /**
     * Escalates one level up (community → street → district → city): the passed deadline gets a new one at the new
     * level ({@code hotline.sla.<urgency>.re-escalate} from now), the timeline says why, {@code TicketEscalated}.
     * At the city there is no level above: the timeline says so and no deadline is left.
     *
     * @param reason first-response, resolve, or callback-missed
     */
    public TicketRow escalate(Connection c, TicketRow t, String reason, Instant dueAt, String actor) throws SQLException {
        Instant now = now();
        String next = Levels.next(t.level());
        if (next == null) {
            timeline.add(c, t.id(), "overdue", t.level(), actor, reason + " deadline passed at city level; no level above", now);
            return t;
        }
        Instant again = now.plus(reEscalate(t.urgency(), t.emergency()));
        Instant firstDue = "first-response".equals(reason) ? again : t.firstResponseDue();
        Instant resolveDue = "resolve".equals(reason) ? again : t.resolveDue();
        String code = Levels.code(t.placePath(), next);
        TicketRow up = with(t, t.status(), next, code, null, firstDue, resolveDue, t.firstResponseAt(), t.resolvedAt(),
                t.resolution(), t.waitingSince(), t.pausedSeconds(), t.contactsCount(), t.mergedInto());
        timeline.add(c, t.id(), "escalated", next, actor, reason + " (due " + utc(dueAt) + ") passed at " + t.level()
                + " " + t.levelCode() + ": now " + next + " " + code, now);
        save(c, up);
        publish(c, TicketEvent.ESCALATED, up, null, t.level(), reason, dueAt);
        return up;
    }

    /** Publishes a ticket event (outbox, this transaction). */
    public void publish(Connection c, EventType type, TicketRow t, String channel, String fromLevel, String reason,
            Instant dueAt) throws SQLException {
        Outbox.write(c, mapper, type, t.id().toString(), new TicketEvent(t.id(), t.householdId(), t.placePath(), t.category(),
                t.urgency(), t.status(), t.level(), t.levelCode(), channel, t.contactsCount(), fromLevel, reason, utc(dueAt),
                null, null, utc(now())));
    }

    /** Publishes {@code TicketOpened} with where the ticket was routed (outbox, this transaction). */
    public void publishOpened(Connection c, TicketRow t, String channel, TicketRouting.Route route) throws SQLException {
        Outbox.writeAll(c, List.of(opened(t, channel, route)));
    }

    /** {@code TicketOpened} of the ticket as an outbox row, to write with others in one batch. */
    public Outbox.Row opened(TicketRow t, String channel, TicketRouting.Route route) {
        return Outbox.row(mapper, TicketEvent.OPENED, t.id().toString(), new TicketEvent(t.id(), t.householdId(), t.placePath(),
                t.category(), t.urgency(), t.status(), t.level(), t.levelCode(), channel, t.contactsCount(), null, null, null,
                route.name(), route.linkedRef() == null ? null : route.linkedRef().toString(), utc(now())));
    }

    /** A copy of the row with these fields changed (the others as they are). */
    public static TicketRow with(TicketRow t, String status, String level, String levelCode, String claimedBy,
            Instant firstResponseDue, Instant resolveDue, Instant firstResponseAt, Instant resolvedAt, String resolution,
            Instant waitingSince, long pausedSeconds, int contactsCount, java.util.UUID mergedInto) {
        return new TicketRow(t.id(), t.householdId(), t.householdCode(), t.placePath(), t.category(), t.urgency(), status,
                level, levelCode, claimedBy, t.openedBy(), t.openedAt(), firstResponseDue, resolveDue, firstResponseAt,
                resolvedAt, resolution, waitingSince, pausedSeconds, contactsCount, mergedInto, t.emergency());
    }

    public static TicketRow withStatus(TicketRow t, String status) {
        return with(t, status, t.level(), t.levelCode(), t.claimedBy(), t.firstResponseDue(), t.resolveDue(),
                t.firstResponseAt(), t.resolvedAt(), t.resolution(), t.waitingSince(), t.pausedSeconds(), t.contactsCount(),
                t.mergedInto());
    }

    public static TicketRow withContacts(TicketRow t, int count) {
        return with(t, t.status(), t.level(), t.levelCode(), t.claimedBy(), t.firstResponseDue(), t.resolveDue(),
                t.firstResponseAt(), t.resolvedAt(), t.resolution(), t.waitingSince(), t.pausedSeconds(), count,
                t.mergedInto());
    }

    public static TicketSummary summary(TicketRow t) {
        return new TicketSummary(t.id(), t.householdId(), t.householdCode(), t.placePath(), t.category(), t.urgency(),
                t.status(), t.level(), t.levelCode(), t.claimedBy(), utc(t.openedAt()), utc(t.firstResponseDue()),
                utc(t.resolveDue()), utc(t.firstResponseAt()), utc(t.resolvedAt()), utc(t.waitingSince()),
                t.pausedSeconds(), t.contactsCount(), t.mergedInto(), t.emergency());
    }

    public static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
