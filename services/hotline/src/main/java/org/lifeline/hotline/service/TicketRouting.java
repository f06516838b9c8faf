package org.lifeline.hotline.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.hotline.model.TicketRow;
import org.lifeline.hotline.repository.LinkRepository;
import org.lifeline.hotline.repository.TimelineRepository;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a new ticket goes besides its owner's queue (the household's community, then up the ladder), decided when it
 * opens and told in {@code TicketOpened}'s {@code route}:
 * <ul>
 *   <li>medical → {@code medical}: medical links the household's open request or raises one, and says so
 *       ({@code MedicalRequestLinked}, or {@code MedicalRequestRaised} with the ticket id), which links it here;</li>
 *   <li>supplies → {@code supplies-order} when the household has an order not yet delivered (linked now,
 *       {@code linkedRef}), else {@code delivery-task}: co-governance posts a volunteer delivery task
 *       ({@code TaskPosted}, source hotline, sourceRef the ticket), which links it here;</li>
 *   <li>every other category → {@code community}.</li>
 * </ul>
 * Each link is a row of {@code ticket_link} and a step {@code linked} on the timeline.
 */
@ApplicationScoped
public class TicketRouting {

    public static final String MEDICAL_REQUEST = "medical-request";
    public static final String SUPPLIES_ORDER = "supplies-order";
    public static final String DELIVERY_TASK = "delivery-task";

    /** The route of a new ticket, and what it was linked to on opening (null: nothing yet). */
    public record Route(String name, UUID linkedRef) {
    }

    @Inject
    LinkRepository links;

    @Inject
    TimelineRepository timeline;

    @Inject
    TicketChanges changes;

    /** Routes a ticket that has just opened, in its transaction. */
    public Route open(Connection c, TicketRow t) throws SQLException {
        switch (t.category()) {
            case "medical":
                return new Route("medical", null);
            case "supplies":
                Optional<UUID> order = links.openOrder(c, t.householdId());
                if (order.isPresent()) {
                    link(c, t, SUPPLIES_ORDER, order.get(), "linked");
                    return new Route(SUPPLIES_ORDER, order.get());
                }
                return new Route(DELIVERY_TASK, null);
            default:
                return new Route("community", null);
        }
    }

    /** Links the ticket to something of another service, once; the timeline says so. False: it had the link. */
    public boolean link(Connection c, TicketRow t, String kind, UUID ref, String how) throws SQLException {
        if (!links.link(c, t.id(), kind, ref, how, changes.now())) {
            return false;
        }
        timeline.add(c, t.id(), "linked", t.level(), "system", kind + " " + ref + " " + how, changes.now());
        return true;
    }
}
