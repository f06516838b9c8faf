package org.lifeline.medical.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.platform.inbox.StartLine;
import jakarta.inject.Inject;
import org.lifeline.medical.config.Texts;
import org.lifeline.medical.event.MedicalRequestLinked;
import org.lifeline.medical.event.TicketOpenedFacts;
import org.lifeline.medical.model.Household;
import org.lifeline.medical.model.RequestRow;
import org.lifeline.medical.model.Triage;
import org.lifeline.medical.repository.HouseholdRepository;
import org.lifeline.medical.repository.RequestRepository;
import org.lifeline.medical.repository.TicketRepository;
import org.lifeline.medical.repository.TimelineRepository;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The hotline's {@code TicketOpened} with route {@code medical}, in the inbox transaction (issue 20): the household's
 * open request (not resolved or cancelled) takes the ticket, on its timeline and as {@code MedicalRequestLinked};
 * without one, the ticket raises a request as a caller's raise does (deadlines, community notified,
 * {@code MedicalRequestRaised} with the ticket id), category {@code other}, severity from the ticket's urgency,
 * raised by {@value #HOTLINE}, no contact. Each ticket is taken once ({@code request_ticket}, keyed by the ticket id):
 * a redelivery or a replay changes nothing. A household not in the read model yet is refused: the inbox parks the
 * event, to be replayed once the household has arrived.
 */
@ApplicationScoped
public class TicketIntake {

    static final String HOTLINE = "hotline";

    final StartLine startLine = new StartLine();

    @Inject
    RaiseService raise;

    @Inject
    RequestChanges changes;

    @Inject
    HouseholdRepository households;

    @Inject
    RequestRepository requests;

    @Inject
    TicketRepository tickets;

    @Inject
    TimelineRepository timeline;

    @Inject
    WebhookDeadlineHandler webhooks;

    /** Any event of the hotline's ticket topic: only a {@code TicketOpened} routed to medical is taken. */
    void ticketEvent(Connection c, JsonNode event) throws SQLException {
        if (!TicketOpenedFacts.routedToMedical(event)) {
            return; // another route, or TicketContacted, TicketEscalated, TicketResolved: not medical's
        }
        if (startLine.before(c, event)) {
            return; // a ticket from before this database's start line (platform V0_6): history, not work
        }
        TicketOpenedFacts t = TicketOpenedFacts.of(event);
        tickets.lockHousehold(c, t.householdId());
        if (tickets.taken(c, t.ticketId())) {
            return; // the same ticket announced again (another event id, or a replay)
        }
        Household household = households.byId(c, t.householdId()).orElseThrow(() ->
                new IllegalArgumentException("household " + t.householdId() + " not known (no HouseholdChanged yet)"));
        Optional<RequestRow> open = requests.openOfHousehold(c, household.id());
        if (open.isPresent()) {
            link(c, open.get(), t.ticketId());
        } else {
            raise(c, household, t);
        }
    }

    private void link(Connection c, RequestRow request, UUID ticket) throws SQLException {
        Instant at = changes.now();
        tickets.add(c, ticket, request.id(), request.household(), "linked", at);
        timeline.add(c, request.id(), "ticket-linked", request.level(), HOTLINE, "Hotline ticket " + ticket + " linked", at);
        changes.publish(c, MedicalRequestLinked.TYPE, request.id(),
                new MedicalRequestLinked(request.id(), request.household(), ticket, RequestChanges.utc(at)));
    }

    private void raise(Connection c, Household household, TicketOpenedFacts t) throws SQLException {
        RaiseService.Raised raised = raise.open(c, new RaiseService.Raising(household, "other",
                Triage.severityOfUrgency(t.urgency()), Texts.of("ticket.description", t.ticketId()).zh(), "{}", null, null,
                HOTLINE, HOTLINE, null, null, t.ticketId()));
        Instant at = changes.now();
        tickets.add(c, t.ticketId(), raised.id(), household.id(), "raised", at);
        webhooks.schedule(c, raised.notification(), at);
    }
}
