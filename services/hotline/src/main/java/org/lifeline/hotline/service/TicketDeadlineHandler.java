package org.lifeline.hotline.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.hotline.model.TicketRow;
import org.lifeline.hotline.repository.TicketRepository;
import org.lifeline.platform.deadline.Deadline;
import org.lifeline.platform.deadline.DeadlineHandler;
import org.lifeline.platform.outbox.OutboxRelay;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A ticket's deadline passed while it is open: escalate one level up (platform durable deadlines, kind
 * {@value TicketChanges#KIND}, in the worker's transaction). A ticket someone is changing right now is left for the
 * next poll ({@link Outcome#BUSY}); one that is no longer open, or whose deadline moved, has nothing due.
 */
@ApplicationScoped
public class TicketDeadlineHandler implements DeadlineHandler {

    @Inject
    TicketRepository tickets;

    @Inject
    TicketChanges changes;

    @Inject
    OutboxRelay relay;

    @Override
    public String kind() {
        return TicketChanges.KIND;
    }

    @Override
    public Outcome fire(Connection c, Deadline deadline) throws SQLException {
        UUID id = TicketChanges.ticketOf(deadline.subject());
        Optional<TicketRow> locked = tickets.lockNoWait(c, id);
        if (locked.isEmpty()) {
            return tickets.row(c, id).isPresent() ? Outcome.BUSY : Outcome.FIRED;
        }
        TicketRow t = locked.get();
        if (!"open".equals(t.status())) {
            return Outcome.FIRED; // waiting on the resident, or done: nothing is due
        }
        if (t.nextDue().isAfter(changes.now()) || !deadline.subject().equals(t.id() + "@" + t.level())) {
            changes.schedule(c, t); // moved meanwhile: this deadline (if still the ticket's) now says when
            return deadline.subject().equals(t.id() + "@" + t.level()) ? Outcome.BUSY : Outcome.FIRED;
        }
        String reason = t.firstResponseAt() == null && !t.firstResponseDue().isAfter(t.resolveDue()) ? "first-response" : "resolve";
        changes.escalate(c, t, reason, t.nextDue(), "system");
        return Outcome.FIRED;
    }

    @Override
    public void afterCommit(List<Deadline> fired) {
        relay.wake();
    }
}
