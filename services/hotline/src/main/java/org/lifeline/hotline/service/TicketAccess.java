package org.lifeline.hotline.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.hotline.config.Texts;
import org.lifeline.hotline.model.TicketRow;
import org.lifeline.hotline.model.Tickets;
import org.lifeline.hotline.repository.TicketRepository;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Roles;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;

/**
 * Who sees and does what with a ticket (ARCHITECTURE.md rules 4 and 5). Areas are the platform's rule
 * ({@link PlaceScopes}). The household (a resident whose token names it) sees its tickets and their text; handlers
 * (hotline operators, community staff, street and district officers, platform admins) act on tickets inside their
 * areas; grid workers open and see tickets of their area. Text is shown to the household and, on {@code reveal}, to
 * handlers other than platform admins, each read audited; to everyone else it is masked. Anything else: 404.
 */
@ApplicationScoped
public class TicketAccess {

    /** Who acts on tickets of their areas. */
    public static final Set<String> HANDLERS = Set.of(Tickets.HOTLINE_OPERATOR, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN);
    /** Who may read a ticket's text on request (not a platform admin: running the platform needs no health details). */
    public static final Set<String> REVEALERS = Set.of(Tickets.HOTLINE_OPERATOR, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER);

    @Inject
    PlaceScopes places;

    @Inject
    TicketRepository tickets;

    public TicketRow row(Connection c, UUID id) throws SQLException {
        return tickets.row(c, id).orElseThrow(() -> notFound(id));
    }

    public TicketRow lock(Connection c, UUID id) throws SQLException {
        return tickets.lock(c, id).orElseThrow(() -> notFound(id));
    }

    public boolean ownHousehold(Caller caller, TicketRow t) {
        return caller.isResident() && caller.household() != null && caller.household().equals(t.householdCode());
    }

    public boolean visible(Caller caller, TicketRow t) {
        if (ownHousehold(caller, t)) {
            return true;
        }
        return (caller.hasAnyRole(HANDLERS) || caller.hasRole(Roles.GRID_WORKER)) && places.within(caller, t.placePath());
    }

    public boolean mayReveal(Caller caller, TicketRow t) {
        return ownHousehold(caller, t) || caller.hasAnyRole(REVEALERS) && places.within(caller, t.placePath());
    }

    /** A handler of the ticket's area; else 404 (invisible) or 403 (visible, may not act). */
    public void requireHandler(Caller caller, TicketRow t) {
        if (caller.hasAnyRole(HANDLERS) && places.within(caller, t.placePath())) {
            return;
        }
        throw refused(caller, t);
    }

    /** The household or a handler (a follow-up rating). */
    public void requireHouseholdOrHandler(Caller caller, TicketRow t) {
        if (!ownHousehold(caller, t)) {
            requireHandler(caller, t);
        }
    }

    public ProblemException refused(Caller caller, TicketRow t) {
        if (!visible(caller, t)) {
            return notFound(t.id());
        }
        return ProblemException.forbidden(Texts.of("ticket.handlers-only"));
    }

    public static ProblemException notFound(UUID id) {
        return ProblemException.notFound("Ticket", id);
    }
}
