package org.lifeline.hotline.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.hotline.api.HotlineApi.CallbackRequest;
import org.lifeline.hotline.api.HotlineApi.TicketView;
import org.lifeline.hotline.config.Texts;
import org.lifeline.hotline.event.TicketEvent;
import org.lifeline.hotline.model.Levels;
import org.lifeline.hotline.model.TicketRow;
import org.lifeline.hotline.repository.CallbackRepository;
import org.lifeline.hotline.repository.TicketRepository;
import org.lifeline.hotline.repository.TimelineRepository;
import org.lifeline.platform.deadline.Deadlines;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Handling a ticket: claim, reply, wait on the resident (the clock pauses) and resume, resolve ({@code TicketResolved}),
 * reassign, callbacks (scheduled with a deadline; done; a missed one escalates, see {@link CallbackDeadlineHandler}),
 * the follow-up rating. Each step on the timeline, in one transaction with the change.
 */
@ApplicationScoped
public class TicketWork {

    /** The platform deadline kind of a callback (subject: the callback id). */
    public static final String CALLBACK_KIND = "hotline.callback";

    @Inject
    Transactions tx;

    @Inject
    TicketAccess access;

    @Inject
    TicketChanges changes;

    @Inject
    TicketViews views;

    @Inject
    TicketRepository tickets;

    @Inject
    TimelineRepository timeline;

    @Inject
    CallbackRepository callbacks;

    @FunctionalInterface
    interface Step {
        TicketRow apply(Connection c, TicketRow t, Instant now) throws SQLException;
    }

    private TicketView step(Caller caller, UUID id, Set<String> statuses, Step step) {
        return tx.call(c -> {
            TicketRow t = access.lock(c, id);
            access.requireHandler(caller, t);
            if (!statuses.contains(t.status())) {
                throw ProblemException.conflict(Texts.of("ticket.status", id, t.status()));
            }
            step.apply(c, t, changes.now());
            return views.masked(c, id);
        });
    }

    public TicketView claim(Caller caller, UUID id) {
        return step(caller, id, Set.of("open", "waiting"), (c, t, now) -> {
            TicketRow claimed = changes.responded(c, TicketChanges.with(t, t.status(), t.level(), t.levelCode(),
                    caller.username(), t.firstResponseDue(), t.resolveDue(), t.firstResponseAt(), t.resolvedAt(),
                    t.resolution(), t.waitingSince(), t.pausedSeconds(), t.contactsCount(), t.mergedInto()));
            timeline.add(c, id, "claimed", t.level(), caller.username(), null, now);
            changes.save(c, claimed);
            return claimed;
        });
    }

    /** A reply to the household; the reply is on the timeline (staff's words, no ticket text). */
    public TicketView reply(Caller caller, UUID id, String text) {
        return step(caller, id, Set.of("open", "waiting"), (c, t, now) -> {
            TicketRow replied = changes.responded(c, t);
            timeline.add(c, id, "reply", t.level(), caller.username(), text, now);
            changes.save(c, replied);
            return replied;
        });
    }

    /** Waits on the resident: the clock stops (no escalation) until resumed or the household gets in touch. */
    public TicketView waitOnResident(Caller caller, UUID id, String reason) {
        return step(caller, id, Set.of("open"), (c, t, now) -> {
            TicketRow waiting = TicketChanges.with(changes.responded(c, t), "waiting", t.level(), t.levelCode(),
                    t.claimedBy(), t.firstResponseDue(), t.resolveDue(), t.firstResponseAt() == null ? now : t.firstResponseAt(),
                    t.resolvedAt(), t.resolution(), now, t.pausedSeconds(), t.contactsCount(), t.mergedInto());
            timeline.add(c, id, "waiting", t.level(), caller.username(), "waiting on the resident (" + reason
                    + "); clock paused", now);
            changes.save(c, waiting);
            return waiting;
        });
    }

    public TicketView resume(Caller caller, UUID id) {
        return step(caller, id, Set.of("waiting"), (c, t, now) -> changes.resume(c, t, caller.username(), "resumed by staff"));
    }

    public TicketView resolve(Caller caller, UUID id, String summary) {
        return step(caller, id, Set.of("open", "waiting"), (c, t, now) -> {
            TicketRow answered = changes.responded(c, t);
            TicketRow resolved = TicketChanges.with(answered, "resolved", t.level(), t.levelCode(), t.claimedBy(),
                    t.firstResponseDue(), t.resolveDue(), answered.firstResponseAt(), now, summary, null,
                    t.pausedSeconds(), t.contactsCount(), t.mergedInto());
            tickets.markOnTime(c, id, null, !now.isAfter(t.resolveDue()) && !"waiting".equals(t.status())
                    || "waiting".equals(t.status()) && !t.waitingSince().isAfter(t.resolveDue()));
            timeline.add(c, id, "resolved", t.level(), caller.username(), null, now);
            changes.save(c, resolved);
            changes.publish(c, TicketEvent.RESOLVED, resolved, null, null, null, null);
            return resolved;
        });
    }

    /** Hands the ticket to another owner on its household's path (its community, street, district or city). */
    public TicketView reassign(Caller caller, UUID id, String owner) {
        return step(caller, id, Set.of("open", "waiting"), (c, t, now) -> {
            String level = Levels.levelOf(t.placePath(), owner);
            if (level == null) {
                throw ProblemException.invalidField("owner", Texts.of("ticket.owner-not-on-path", owner));
            }
            TicketRow moved = TicketChanges.with(t, t.status(), level, owner, null, t.firstResponseDue(), t.resolveDue(),
                    t.firstResponseAt(), t.resolvedAt(), t.resolution(), t.waitingSince(), t.pausedSeconds(),
                    t.contactsCount(), t.mergedInto());
            timeline.add(c, id, "reassigned", level, caller.username(), "from " + t.level() + " " + t.levelCode() + " to "
                    + level + " " + owner, now);
            changes.save(c, moved);
            return moved;
        });
    }

    /** A promised callback, in the queue of the ticket's owner; its deadline is durable. */
    public TicketView scheduleCallback(Caller caller, UUID id, CallbackRequest body) {
        return step(caller, id, Set.of("open", "waiting"), (c, t, now) -> {
            Instant due = body.dueAt().toInstant();
            if (!due.isAfter(now)) {
                throw ProblemException.invalidField("dueAt", Texts.of("field.future"));
            }
            UUID callback = UUID.randomUUID();
            callbacks.add(c, callback, id, due, body.note(), Levels.path(t.placePath(), t.level()), caller.username(), now);
            Deadlines.schedule(c, CALLBACK_KIND, callback.toString(), due);
            timeline.add(c, id, "callback-scheduled", t.level(), caller.username(), "callback due " + TicketChanges.utc(due)
                    + (body.note() == null ? "" : ": " + body.note()), now);
            return t;
        });
    }

    public TicketView callbackDone(Caller caller, UUID callbackId) {
        return tx.call(c -> {
            var callback = callbacks.lock(c, callbackId, false)
                    .orElseThrow(() -> ProblemException.notFound("Callback", callbackId));
            TicketRow t = access.lock(c, callback.ticketId());
            if (!access.visible(caller, t)) {
                throw ProblemException.notFound("Callback", callbackId);
            }
            access.requireHandler(caller, t);
            if (!"scheduled".equals(callback.status())) {
                throw ProblemException.conflict(Texts.of("callback.status", callbackId, callback.status()));
            }
            Instant now = changes.now();
            callbacks.finish(c, callbackId, "done", caller.username(), now);
            Deadlines.cancel(c, CALLBACK_KIND, callbackId.toString());
            timeline.add(c, t.id(), "callback-done", t.level(), caller.username(), "callback due "
                    + callback.dueAt() + " made", now);
            return views.masked(c, t.id());
        });
    }

    /** The follow-up call's rating (回访), by the household or a handler, once; the ticket is then closed. */
    public TicketView followUp(Caller caller, UUID id, int rating, String comment) {
        return tx.call(c -> {
            TicketRow t = access.lock(c, id);
            access.requireHouseholdOrHandler(caller, t);
            if (!"resolved".equals(t.status())) {
                throw ProblemException.conflict(Texts.of("ticket.status", id, t.status()));
            }
            Instant now = changes.now();
            callbacks.addFollowUp(c, id, rating, comment, caller.username(), now);
            timeline.add(c, id, "follow-up", t.level(), caller.username(), "rating " + rating, now);
            changes.save(c, TicketChanges.withStatus(t, "closed"));
            return views.masked(c, id);
        });
    }
}
