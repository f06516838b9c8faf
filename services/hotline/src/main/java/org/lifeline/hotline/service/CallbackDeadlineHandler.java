package org.lifeline.hotline.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.hotline.api.HotlineApi.Callback;
import org.lifeline.hotline.model.TicketRow;
import org.lifeline.hotline.repository.CallbackRepository;
import org.lifeline.hotline.repository.TicketRepository;
import org.lifeline.hotline.repository.TimelineRepository;
import org.lifeline.platform.deadline.Deadline;
import org.lifeline.platform.deadline.DeadlineHandler;
import org.lifeline.platform.outbox.OutboxRelay;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A promised callback was not made by its deadline (kind {@value TicketWork#CALLBACK_KIND}): it is marked missed,
 * the timeline says so, and a ticket still open escalates one level up ({@code TicketEscalated}, reason
 * {@code callback-missed}).
 */
@ApplicationScoped
public class CallbackDeadlineHandler implements DeadlineHandler {

    @Inject
    CallbackRepository callbacks;

    @Inject
    TicketRepository tickets;

    @Inject
    TimelineRepository timeline;

    @Inject
    TicketChanges changes;

    @Inject
    OutboxRelay relay;

    @Override
    public String kind() {
        return TicketWork.CALLBACK_KIND;
    }

    @Override
    public Outcome fire(Connection c, Deadline deadline) throws SQLException {
        UUID id = UUID.fromString(deadline.subject());
        Optional<Callback> locked = callbacks.lock(c, id, true);
        if (locked.isEmpty()) {
            return callbacks.exists(c, id) ? Outcome.BUSY : Outcome.FIRED;
        }
        Callback callback = locked.get();
        if (!"scheduled".equals(callback.status())) {
            return Outcome.FIRED;
        }
        Optional<TicketRow> ticket = tickets.lockNoWait(c, callback.ticketId());
        if (ticket.isEmpty()) {
            return Outcome.BUSY;
        }
        TicketRow t = ticket.get();
        callbacks.finish(c, id, "missed", "system", changes.now());
        timeline.add(c, t.id(), "callback-missed", t.level(), "system", "callback due " + callback.dueAt() + " not made",
                changes.now());
        if (t.isOpen()) {
            changes.escalate(c, t, "callback-missed", deadline.dueAt(), "system");
        }
        return Outcome.FIRED;
    }

    @Override
    public void afterCommit(List<Deadline> fired) {
        relay.wake();
    }
}
