package org.lifeline.hotline.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.platform.inbox.StartLine;
import jakarta.inject.Inject;
import org.lifeline.hotline.config.Texts;
import org.lifeline.hotline.event.IncomingSignals;
import org.lifeline.hotline.event.IncomingSignals.AreaMode;
import org.lifeline.hotline.event.IncomingSignals.CareOverdue;
import org.lifeline.hotline.event.IncomingSignals.DeliveryCompleted;
import org.lifeline.hotline.event.IncomingSignals.MedicalForTicket;
import org.lifeline.hotline.event.IncomingSignals.MedicalEscalated;
import org.lifeline.hotline.event.IncomingSignals.OrderPlaced;
import org.lifeline.hotline.event.IncomingSignals.SurveyVisit;
import org.lifeline.hotline.event.IncomingSignals.TaskOverdue;
import org.lifeline.hotline.event.IncomingSignals.TaskPosted;
import org.lifeline.hotline.model.Household;
import org.lifeline.hotline.model.TicketRow;
import org.lifeline.hotline.repository.HouseholdRepository;
import org.lifeline.hotline.repository.LinkRepository;
import org.lifeline.hotline.repository.SignalRepository;
import org.lifeline.hotline.repository.TicketRepository;
import org.lifeline.hotline.service.IntakeService.NewContact;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Signals from the other services become contacts, in the inbox transaction, through the same intake as a call (so a
 * signal about a household's open need adds to its ticket):
 * <ul>
 *   <li>a survey visit that found symptoms → medical, other health or care needs → care, supplies needs → supplies
 *       (channel survey);</li>
 *   <li>a care contact overdue (residents' care list) → care (channel signal);</li>
 *   <li>a medical request escalated to the city → medical, life-safety (channel signal);</li>
 *   <li>a supplies delivery task overdue → supplies, "undelivered past its promise" (channel signal; the order's
 *       household from supplies' {@code OrderPlaced});</li>
 *   <li>a volunteer delivery posted for a ticket overdue → supplies, "the delivery task is overdue" (channel
 *       signal);</li>
 *   <li>an area's mode (co-governance) → shorter deadlines in emergency mode.</li>
 * </ul>
 * And the routing's answers ({@link TicketRouting}): medical's request raised or linked for a ticket, co-governance's
 * task posted for one, an order placed by a household with an open supplies ticket; deliveries mark orders done.
 * An event whose household is not known here is refused (parked, replayable once the household arrives).
 */
@ApplicationScoped
public class SignalIntake {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SignalIntake.class);

    static final String SYMPTOMS = "symptoms-follow-up";
    static final String HOTLINE = "hotline";
    static final java.time.ZoneId CHINA = java.time.ZoneId.of("Asia/Shanghai");
    static final java.time.format.DateTimeFormatter LAST_CONTACT = java.time.format.DateTimeFormatter.ofPattern("M月d日 HH:mm");

    final StartLine startLine = new StartLine();

    @Inject
    IntakeService intake;

    @Inject
    HouseholdRepository households;

    @Inject
    SignalRepository signals;

    @Inject
    LinkRepository links;

    @Inject
    TicketRepository tickets;

    @Inject
    TicketRouting routing;

    /**
     * A survey round's visits, as many as one poll brought (a round sends thousands at once): their contacts go
     * through intake together ({@link IntakeService#takeAll}), a few statements for all of them.
     */
    void surveyVisits(Connection c, List<org.lifeline.platform.inbox.BatchEventHandler.Keyed> events) throws SQLException {
        List<IntakeService.Pending> pending = new java.util.ArrayList<>();
        for (org.lifeline.platform.inbox.BatchEventHandler.Keyed e : events) {
            surveyVisit(c, e.event(), pending);
        }
        intake.takeAll(c, pending);
    }

    private void surveyVisit(Connection c, JsonNode event, List<IntakeService.Pending> pending) throws SQLException {
        if (startLine.before(c, event)) {
            return; // published before this database's start line (platform V0_6): history, not work
        }
        if (!IncomingSignals.SURVEY_VISIT.equals(event.path("type").asText())) {
            return;
        }
        SurveyVisit v = SurveyVisit.of(event);
        if (!v.visited()) {
            return; // co-governance posts a door visit for it
        }
        Household h = new Household(v.householdId(), v.householdCode(), v.placePath());
        if (v.needCodes().contains(SYMPTOMS)) {
            pending.add(signal(h, "medical", "survey", Texts.of("signal.survey-symptoms").zh()));
        }
        // the needs in words (residents' Chinese labels, in the order of their codes), never the codes themselves
        List<String> care = new java.util.ArrayList<>();
        for (int i = 0; i < v.needCodes().size(); i++) {
            if (!SYMPTOMS.equals(v.needCodes().get(i))) {
                care.add(i < v.needs().size() ? v.needs().get(i) : v.needCodes().get(i));
            }
        }
        if (!care.isEmpty()) {
            pending.add(signal(h, "care", "survey", Texts.of("signal.survey-care", String.join("、", care)).zh()));
        }
        if (v.suppliesNeeds() != null && !v.suppliesNeeds().isBlank()) {
            pending.add(signal(h, "supplies", "survey", Texts.of("signal.survey-supplies", v.suppliesNeeds()).zh()));
        }
    }

    private static IntakeService.Pending signal(Household h, String category, String channel, String text) {
        return new IntakeService.Pending(h, new NewContact(category, "general", channel, text, null, "system"));
    }

    /**
     * A vulnerable person nobody contacted in time (residents' care list): the household's care ticket, general
     * urgency, so the overdue call has an owner and a deadline instead of waiting on a list.
     */
    void care(Connection c, JsonNode event) throws SQLException {
        if (startLine.before(c, event)) {
            return; // published before this database's start line (platform V0_6): history, not work
        }
        if (!IncomingSignals.CARE_OVERDUE.equals(event.path("type").asText())) {
            return;
        }
        CareOverdue o = CareOverdue.of(event);
        String last = o.lastContactAt() == null ? Texts.of("signal.care-never-contacted").zh()
                : LAST_CONTACT.format(o.lastContactAt().atZoneSameInstant(CHINA));
        take(c, new Household(o.householdId(), o.householdCode(), o.placePath()), "care", "general", "signal",
                Texts.of("signal.care-overdue", last).zh());
    }

    void medical(Connection c, JsonNode event) throws SQLException {
        if (startLine.before(c, event)) {
            return; // published before this database's start line (platform V0_6): history, not work
        }
        String type = event.path("type").asText();
        if (IncomingSignals.MEDICAL_RAISED.equals(type) || IncomingSignals.MEDICAL_LINKED.equals(type)) {
            MedicalForTicket m = MedicalForTicket.of(event);
            if (m.ticketId() != null) {
                linkTo(c, m.ticketId(), TicketRouting.MEDICAL_REQUEST, m.requestId(),
                        IncomingSignals.MEDICAL_RAISED.equals(type) ? "raised" : "linked");
            } else {
                // raised in medical itself: the household's open medical ticket, if any, is about it
                Optional<UUID> open = links.openTicketWithout(c, m.householdId(), "medical", TicketRouting.MEDICAL_REQUEST);
                if (open.isPresent()) {
                    linkTo(c, open.get(), TicketRouting.MEDICAL_REQUEST, m.requestId(), "linked");
                }
            }
            return;
        }
        if (!IncomingSignals.MEDICAL_ESCALATED.equals(type)) {
            return;
        }
        MedicalEscalated e = MedicalEscalated.of(event);
        if (!"city".equals(e.toLevel())) {
            return;
        }
        take(c, household(c, e.householdId()), "medical", "life-safety", "signal",
                Texts.of("signal.medical-city", e.requestId()).zh());
    }

    void task(Connection c, JsonNode event) throws SQLException {
        if (startLine.before(c, event)) {
            return; // published before this database's start line (platform V0_6): history, not work
        }
        String type = event.path("type").asText();
        if (IncomingSignals.TASK_POSTED.equals(type)) {
            TaskPosted p = TaskPosted.of(event);
            if (HOTLINE.equals(p.source())) {
                linkTo(c, UUID.fromString(p.sourceRef()), TicketRouting.DELIVERY_TASK, p.taskId(), "posted");
            }
            return;
        }
        if (!IncomingSignals.TASK_OVERDUE.equals(type)) {
            return;
        }
        TaskOverdue t = TaskOverdue.of(event);
        if (HOTLINE.equals(t.source())) {
            // the volunteer delivery posted for a ticket is overdue: the household's supplies need again
            Optional<TicketRow> ticket = tickets.row(c, UUID.fromString(t.sourceRef()));
            if (ticket.isEmpty()) {
                LOG.infof("overdue task %s names ticket %s, unknown here: ignored", t.taskId(), t.sourceRef());
                return;
            }
            take(c, household(c, ticket.get().householdId()), "supplies", "general", "signal",
                    Texts.of("signal.delivery-task-overdue", t.taskId()).zh());
            return;
        }
        if (!"supplies".equals(t.source())) {
            return;
        }
        UUID order = UUID.fromString(t.sourceRef());
        UUID household = signals.householdOfOrder(c, order)
                .orElseThrow(() -> new IllegalArgumentException("order " + order + " not known (no OrderPlaced yet)"));
        take(c, household(c, household), "supplies", "general", "signal", Texts.of("signal.supplies-overdue", order).zh());
    }

    void areaMode(Connection c, JsonNode event) throws SQLException {
        if (IncomingSignals.AREA_MODE_CHANGED.equals(event.path("type").asText())) {
            AreaMode m = AreaMode.of(event);
            signals.areaMode(c, m.areaCode(), m.areaPath(), m.mode(), m.version());
        }
    }

    void order(Connection c, JsonNode event) throws SQLException {
        String type = event.path("type").asText();
        if (IncomingSignals.ORDER_PLACED.equals(type)) {
            OrderPlaced o = OrderPlaced.of(event);
            signals.orderPlaced(c, o.orderId(), o.householdId(), o.placedAt().toInstant());
            // a household that asked for supplies and then ordered: its open supplies ticket is about this order
            Optional<UUID> open = links.openTicketWithout(c, o.householdId(), "supplies", TicketRouting.SUPPLIES_ORDER);
            if (open.isPresent()) {
                linkTo(c, open.get(), TicketRouting.SUPPLIES_ORDER, o.orderId(), "linked");
            }
        } else if (IncomingSignals.DELIVERY_COMPLETED.equals(type)) {
            DeliveryCompleted d = DeliveryCompleted.of(event);
            signals.delivered(c, d.orderId(), d.deliveredAt().toInstant());
        }
    }

    /**
     * Links the ticket (or the ticket it was merged into) to another service's thing. A ticket unknown here is left
     * alone (logged): the hotline writes a ticket before it announces it, so such an answer names no ticket of this
     * installation, and there is nothing to attach it to.
     */
    private void linkTo(Connection c, UUID ticketId, String kind, UUID ref, String how) throws SQLException {
        Optional<TicketRow> known = tickets.row(c, ticketId);
        if (known.isEmpty()) {
            LOG.infof("%s %s names ticket %s, unknown here: not linked", kind, ref, ticketId);
            return;
        }
        TicketRow t = known.get();
        if ("merged".equals(t.status()) && t.mergedInto() != null) {
            t = ticket(c, t.mergedInto());
        }
        routing.link(c, t, kind, ref, how);
    }

    private TicketRow ticket(Connection c, UUID id) throws SQLException {
        return tickets.row(c, id).orElseThrow(() -> new IllegalArgumentException("ticket " + id + " not known"));
    }

    private Household household(Connection c, UUID id) throws SQLException {
        return households.byId(c, id).orElseThrow(() -> new IllegalArgumentException("household " + id + " not known"));
    }

    private void take(Connection c, Household h, String category, String urgency, String channel, String text)
            throws SQLException {
        intake.take(c, h, new NewContact(category, urgency, channel, text, null, "system"));
    }
}
