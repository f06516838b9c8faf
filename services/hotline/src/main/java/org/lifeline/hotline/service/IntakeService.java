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
import org.lifeline.platform.outbox.Outbox;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
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
                timeline.add(c, fresh.id(), "opened", fresh.level(), contact.recordedBy(), openedNote(fresh, contact),
                        fresh.openedAt());
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

    /** A contact for a household, waiting to go through {@link #takeAll}. */
    public record Pending(Household household, NewContact contact) {
    }

    /**
     * {@link #take} for many contacts (a survey round's visits), in the caller's transaction, with the same outcome as
     * taking them one after the other: the first contact per household and category whose household has no open
     * ticket in it opens one, and all those tickets are written with a few statements (tickets, contacts, timeline,
     * deadlines and {@code TicketOpened} each in one batch). Every other contact (a household's second one in the
     * batch, one whose ticket is open, one whose ticket another transaction opened meanwhile) goes through
     * {@link #take} afterwards, in order, and so adds itself to the open ticket.
     */
    public void takeAll(Connection c, List<Pending> pending) throws SQLException {
        if (pending.size() < 2) {
            for (Pending p : pending) {
                take(c, p.household(), p.contact());
            }
            return;
        }
        java.util.Map<String, Pending> firsts = new java.util.LinkedHashMap<>();
        List<Pending> rest = new java.util.ArrayList<>();
        for (Pending p : pending) {
            if (firsts.putIfAbsent(p.household().id() + "/" + p.contact().category(), p) != null) {
                rest.add(p);
            }
        }
        List<UUID> householdIds = new java.util.ArrayList<>();
        List<String> categories = new java.util.ArrayList<>();
        for (Pending p : firsts.values()) {
            householdIds.add(p.household().id());
            categories.add(p.contact().category());
        }
        java.util.Set<String> open = tickets.openKeys(c, householdIds, categories);
        List<String> emergencyPaths = changes.emergencyPaths(c);
        List<TicketRow> fresh = new java.util.ArrayList<>();
        List<Pending> freshContacts = new java.util.ArrayList<>();
        List<Pending> toOpenTickets = new java.util.ArrayList<>();
        for (java.util.Map.Entry<String, Pending> e : firsts.entrySet()) {
            Pending p = e.getValue();
            if (open.contains(e.getKey())) {
                toOpenTickets.add(p);
                continue;
            }
            boolean emergency = emergencyPaths.stream().anyMatch(path -> p.household().path().startsWith(path));
            fresh.add(newTicket(p.household(), p.contact(), emergency));
            freshContacts.add(p);
        }
        boolean[] inserted = tickets.insertAllIfNoneOpen(c, fresh);
        List<TicketRow> opened = new java.util.ArrayList<>();
        List<ContactRepository.NewRow> contactRows = new java.util.ArrayList<>();
        List<TimelineRepository.NewRow> steps = new java.util.ArrayList<>();
        List<String> channels = new java.util.ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
            NewContact contact = freshContacts.get(i).contact();
            if (!inserted[i]) {
                toOpenTickets.add(freshContacts.get(i)); // another transaction opened it meanwhile
                continue;
            }
            TicketRow t = fresh.get(i);
            opened.add(t);
            contactRows.add(new ContactRepository.NewRow(t.id(), contact.channel(), t.openedAt(), contact.text(),
                    contact.callerPhone(), contact.recordedBy()));
            steps.add(new TimelineRepository.NewRow(t.id(), "opened", t.level(), contact.recordedBy(),
                    openedNote(t, contact), t.openedAt()));
            channels.add(contact.channel());
        }
        contacts.addAll(c, contactRows);
        timeline.addAll(c, steps);
        changes.scheduleOpened(c, opened);
        List<Outbox.Row> events = new java.util.ArrayList<>();
        for (int i = 0; i < opened.size(); i++) { // routed after "opened" is on the timeline, as in take
            events.add(changes.opened(opened.get(i), channels.get(i), routing.open(c, opened.get(i))));
        }
        Outbox.writeAll(c, events);
        toOpenTickets.addAll(rest);
        for (Pending p : toOpenTickets) {
            take(c, p.household(), p.contact());
        }
    }

    private static String openedNote(TicketRow t, NewContact contact) {
        return "opened by " + contact.channel() + " contact; " + t.urgency() + (t.emergency() ? " (emergency-mode deadlines)" : "")
                + ", first response due " + TicketChanges.utc(t.firstResponseDue()) + ", resolve due "
                + TicketChanges.utc(t.resolveDue());
    }

    /** Opens a new ticket row (not yet inserted) for the household and contact. */
    public TicketRow newTicket(Connection c, Household household, NewContact contact) throws SQLException {
        return newTicket(household, contact, changes.emergency(c, household.path()));
    }

    private TicketRow newTicket(Household household, NewContact contact, boolean emergency) {
        Instant now = changes.now();
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
