package org.lifeline.hotline.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.lifeline.hotline.api.HotlineApi.ContactRequest;
import org.lifeline.hotline.api.HotlineApi.IntakeResult;
import org.lifeline.hotline.api.HotlineApi.MyContactRequest;
import org.lifeline.hotline.config.Texts;
import org.lifeline.hotline.event.TicketEvent;
import org.lifeline.hotline.model.Household;
import org.lifeline.hotline.model.Levels;
import org.lifeline.hotline.model.TicketRow;
import org.lifeline.hotline.repository.ContactRepository;
import org.lifeline.hotline.repository.HouseholdRepository;
import org.lifeline.hotline.repository.TicketRepository;
import org.lifeline.hotline.repository.TimelineRepository;
import org.lifeline.platform.idempotency.JdbcIdempotency;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Intake from every channel into one ticket per household and category: the first contact opens a ticket
 * ({@code TicketOpened}), a later one while it is open adds a contact and counts it ({@code TicketContacted},
 * {@code merged: true}). The partial unique index {@code ticket_one_open} makes that hold under concurrency: a
 * contact that loses the race to open finds the winner's ticket and adds itself there. A contact on a ticket waiting
 * on the resident resumes it. {@code Idempotency-Key} through the platform's {@link JdbcIdempotency}.
 */
@ApplicationScoped
public class IntakeService {

    static final String CONTACT = "hotline.contact";
    static final String MY_CONTACT = "hotline.my-contact";

    /** One contact as intake takes it, from a person or a signal. */
    public record NewContact(String category, String urgency, String channel, String text, String callerPhone,
            String recordedBy) {
    }

    @Inject
    JdbcIdempotency idempotency;

    @Inject
    PlaceScopes places;

    @Inject
    TicketChanges changes;

    @Inject
    TicketRouting routing;

    @Inject
    HouseholdRepository households;

    @Inject
    TicketRepository tickets;

    @Inject
    ContactRepository contacts;

    @Inject
    TimelineRepository timeline;

    /** A contact taken by an operator, staff or grid worker for a household of their areas. */
    public Response contact(Caller caller, ContactRequest body, String key) {
        return idempotency.once(caller.subject(), key, CONTACT, body, c -> {
            Household household = households.byId(c, body.householdId()).filter(h -> places.within(caller, h.path()))
                    .orElseThrow(() -> ProblemException.notFound("Household", body.householdId()));
            return response(take(c, household, new NewContact(body.category(), body.urgency(), body.channel(), body.text(),
                    body.callerPhone(), caller.username())));
        });
    }

    /** A resident's own contact in the portal: the household from the token, urgency general. */
    public Response myContact(Caller caller, MyContactRequest body, String key) {
        if (caller.household() == null) {
            throw ProblemException.forbidden(Texts.of("intake.no-household"));
        }
        return idempotency.once(caller.subject(), key, MY_CONTACT, body, c -> {
            Household household = households.byCode(c, caller.household())
                    .orElseThrow(() -> ProblemException.notFound("Household", caller.household()));
            return response(take(c, household, new NewContact(body.category(), "general", "portal", body.text(), null,
                    caller.username())));
        });
    }

    private static Response response(IntakeResult result) {
        if (result.merged()) {
            return Response.ok(result).build();
        }
        return Response.created(URI.create("/api/hotline/tickets/" + result.ticket().id())).entity(result).build();
    }

    /**
     * Opens a ticket or adds the contact to the household's open one in the category, in the caller's transaction.
     */
    public IntakeResult take(Connection c, Household household, NewContact contact) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            Optional<TicketRow> open = tickets.lockOpen(c, household.id(), contact.category());
            if (open.isPresent()) {
                return add(c, open.get(), contact);
            }
            TicketRow fresh = newTicket(c, household, contact);
            if (tickets.insertIfNoneOpen(c, fresh)) {
                long id = contacts.add(c, fresh.id(), contact.channel(), fresh.openedAt(), contact.text(),
                        contact.callerPhone(), contact.recordedBy());
                timeline.add(c, fresh.id(), "opened", fresh.level(), contact.recordedBy(), "opened by " + contact.channel()
                        + " contact; " + fresh.urgency() + (fresh.emergency() ? " (emergency-mode deadlines)" : "")
                        + ", first response due " + TicketChanges.utc(fresh.firstResponseDue()) + ", resolve due "
                        + TicketChanges.utc(fresh.resolveDue()), fresh.openedAt());
                changes.schedule(c, fresh);
                changes.publishOpened(c, fresh, contact.channel(), routing.open(c, fresh));
                return new IntakeResult(TicketChanges.summary(fresh), false, id);
            }
            if (attempt > 3) {
                throw new IllegalStateException("no open ticket found after a conflicting insert for " + household.id());
            }
            // another transaction opened it meanwhile (and committed): the next round finds and locks it
        }
    }

    /** Opens a new ticket row (not yet inserted) for the household and contact. */
    public TicketRow newTicket(Connection c, Household household, NewContact contact) throws SQLException {
        Instant now = changes.now();
        boolean emergency = changes.emergency(c, household.path());
        return new TicketRow(UUID.randomUUID(), household.id(), household.code(), household.path(), contact.category(),
                contact.urgency(), "open", "community", Levels.code(household.path(), "community"), null,
                contact.recordedBy(), now, now.plus(changes.firstResponse(contact.urgency(), emergency)),
                now.plus(changes.resolve(contact.urgency(), emergency)), null, null, null, null, 0, 1, null, emergency);
    }

    private IntakeResult add(Connection c, TicketRow t, NewContact contact) throws SQLException {
        Instant now = changes.now();
        long id = contacts.add(c, t.id(), contact.channel(), now, contact.text(), contact.callerPhone(), contact.recordedBy());
        TicketRow counted = TicketChanges.withContacts(t, t.contactsCount() + 1);
        timeline.add(c, t.id(), "contacted", t.level(), contact.recordedBy(), "contact " + counted.contactsCount() + " by "
                + contact.channel(), now);
        if ("waiting".equals(counted.status())) {
            counted = changes.resume(c, counted, contact.recordedBy(), "the household got in touch");
        } else {
            changes.save(c, counted);
        }
        changes.publish(c, TicketEvent.CONTACTED, counted, contact.channel(), null, null, null);
        return new IntakeResult(TicketChanges.summary(counted), true, id);
    }
}
