package org.lifeline.hotline.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.hotline.api.HotlineApi.Callback;
import org.lifeline.hotline.api.HotlineApi.Contact;
import org.lifeline.hotline.api.HotlineApi.OwnerReport;
import org.lifeline.hotline.api.HotlineApi.TicketSummary;
import org.lifeline.hotline.api.HotlineApi.TicketView;
import org.lifeline.hotline.config.Texts;
import org.lifeline.hotline.model.TicketRow;
import org.lifeline.hotline.repository.CallbackRepository;
import org.lifeline.hotline.repository.ContactRepository;
import org.lifeline.hotline.repository.TextAccessRepository;
import org.lifeline.hotline.repository.LinkRepository;
import org.lifeline.hotline.repository.TicketRepository;
import org.lifeline.hotline.repository.TicketRepository.Filter;
import org.lifeline.hotline.repository.TimelineRepository;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.privacy.Masking;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Caller;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * What callers see (rules in {@link TicketAccess}): a ticket with its contacts, timeline, callbacks and follow-up,
 * the text masked unless the caller may read it and asked to (each read audited in {@code ticket_text_access}, in
 * the read's transaction); the queue; a household's tickets; the callback queue; the owners' report.
 */
@ApplicationScoped
public class TicketViews {

    @Inject
    Transactions tx;

    @Inject
    PlaceScopes places;

    @Inject
    TicketAccess access;

    @Inject
    TicketRepository tickets;

    @Inject
    LinkRepository links;

    @Inject
    ContactRepository contacts;

    @Inject
    TimelineRepository timeline;

    @Inject
    CallbackRepository callbacks;

    @Inject
    TextAccessRepository audit;

    /** The ticket; its text whole for the household and, on {@code reveal}, for those who may reveal it (audited). */
    public TicketView view(Caller caller, UUID id, boolean reveal, String httpRequestId) {
        return tx.call(c -> {
            TicketRow t = access.row(c, id);
            if (!access.visible(caller, t)) {
                throw TicketAccess.notFound(id);
            }
            boolean own = access.ownHousehold(caller, t);
            if (reveal && !access.mayReveal(caller, t)) {
                throw ProblemException.forbidden(Texts.of("ticket.reveal-refused"));
            }
            boolean whole = own || reveal;
            if (whole) {
                audit.record(c, caller, t, own ? "own household's ticket" : "handling a hotline ticket", httpRequestId);
            }
            return view(c, t, whole);
        });
    }

    /** The ticket as the service itself answers it (after a change), text masked. */
    public TicketView masked(Connection c, UUID id) throws SQLException {
        return view(c, tickets.row(c, id).orElseThrow(() -> TicketAccess.notFound(id)), false);
    }

    private TicketView view(Connection c, TicketRow t, boolean whole) throws SQLException {
        List<Contact> all = contacts.of(c, t.id());
        List<Contact> shown = whole ? all : all.stream().map(k -> new Contact(k.id(), k.channel(), k.at(), null,
                k.callerPhone() == null ? null : Masking.phone(k.callerPhone()), k.recordedBy(), true)).toList();
        return new TicketView(TicketChanges.summary(t), !whole, whole ? t.resolution() : null, shown, timeline.of(c, t.id()),
                callbacks.of(c, t.id()), callbacks.followUp(c, t.id()).orElse(null), links.of(c, t.id()));
    }

    /** The queue inside the caller's areas (or one place of them), earliest deadline first. */
    public PageView<TicketSummary> queue(Caller caller, String status, String category, String place, int page, int size) {
        String pathSql = place == null ? places.sqlWithin(caller, "place_path")
                : AreaPaths.sqlWithin("place_path", List.of(places.requireWithin(caller, "place", place)));
        Filter filter = new Filter(status, category, pathSql);
        return tx.read(c -> PageView.of(tickets.page(c, filter, page, size).stream().map(TicketChanges::summary).toList(),
                page, size, tickets.count(c, filter)));
    }

    /** A resident's own household's tickets. */
    public List<TicketSummary> mine(Caller caller) {
        if (caller.household() == null) {
            return List.of();
        }
        return tx.read(c -> tickets.ofHouseholdCode(c, caller.household()).stream().map(TicketChanges::summary).toList());
    }

    /** A household's open tickets, without text (the gateway's household overview). */
    public List<TicketSummary> ofHousehold(Caller caller, UUID household) {
        return tx.read(c -> tickets.ofHousehold(c, household, true).stream().filter(t -> access.visible(caller, t))
                .map(TicketChanges::summary).toList());
    }

    /** Scheduled callbacks of the caller's areas, earliest deadline first. */
    public List<Callback> callbacks(Caller caller, int limit) {
        return tx.read(c -> callbacks.queue(c, places.sqlWithin(caller, "place_path"), limit));
    }

    /** Response, resolution and satisfaction rates per owner, inside the caller's areas (or one place of them). */
    public List<OwnerReport> owners(Caller caller, String place) {
        String pathSql = place == null ? places.sqlWithin(caller, "t.place_path")
                : AreaPaths.sqlWithin("t.place_path", List.of(places.requireWithin(caller, "place", place)));
        return tx.read(c -> tickets.owners(c, pathSql));
    }
}
