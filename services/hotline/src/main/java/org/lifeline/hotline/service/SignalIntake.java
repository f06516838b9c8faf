package org.lifeline.hotline.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.hotline.config.Texts;
import org.lifeline.hotline.event.IncomingSignals;
import org.lifeline.hotline.event.IncomingSignals.AreaMode;
import org.lifeline.hotline.event.IncomingSignals.MedicalEscalated;
import org.lifeline.hotline.event.IncomingSignals.OrderPlaced;
import org.lifeline.hotline.event.IncomingSignals.SurveyVisit;
import org.lifeline.hotline.event.IncomingSignals.TaskOverdue;
import org.lifeline.hotline.model.Household;
import org.lifeline.hotline.repository.HouseholdRepository;
import org.lifeline.hotline.repository.SignalRepository;
import org.lifeline.hotline.service.IntakeService.NewContact;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Signals from the other services become contacts, in the inbox transaction, through the same intake as a call (so a
 * signal about a household's open need adds to its ticket):
 * <ul>
 *   <li>a survey visit that found symptoms → medical, other health or care needs → care, supplies needs → supplies
 *       (channel survey);</li>
 *   <li>a medical request escalated to the city → medical, life-safety (channel signal);</li>
 *   <li>a supplies delivery task overdue → supplies, "undelivered past its promise" (channel signal; the order's
 *       household from supplies' {@code OrderPlaced});</li>
 *   <li>an area's mode (co-governance) → shorter deadlines in emergency mode.</li>
 * </ul>
 * An event whose household is not known here is refused (parked, replayable once the household arrives).
 */
@ApplicationScoped
public class SignalIntake {

    static final String SYMPTOMS = "symptoms-follow-up";

    @Inject
    IntakeService intake;

    @Inject
    HouseholdRepository households;

    @Inject
    SignalRepository signals;

    void surveyVisit(Connection c, JsonNode event) throws SQLException {
        if (!IncomingSignals.SURVEY_VISIT.equals(event.path("type").asText())) {
            return;
        }
        SurveyVisit v = SurveyVisit.of(event);
        if (!v.visited()) {
            return; // co-governance posts a door visit for it
        }
        Household h = new Household(v.householdId(), v.householdCode(), v.placePath());
        if (v.needCodes().contains(SYMPTOMS)) {
            take(c, h, "medical", "general", "survey", Texts.of("signal.survey-symptoms").zh());
        }
        List<String> care = v.needCodes().stream().filter(n -> !SYMPTOMS.equals(n)).toList();
        if (!care.isEmpty()) {
            take(c, h, "care", "general", "survey", Texts.of("signal.survey-care", String.join(", ", care)).zh());
        }
        if (v.suppliesNeeds() != null && !v.suppliesNeeds().isBlank()) {
            take(c, h, "supplies", "general", "survey", Texts.of("signal.survey-supplies", v.suppliesNeeds()).zh());
        }
    }

    void medical(Connection c, JsonNode event) throws SQLException {
        if (!IncomingSignals.MEDICAL_ESCALATED.equals(event.path("type").asText())) {
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
        if (!IncomingSignals.TASK_OVERDUE.equals(event.path("type").asText())) {
            return;
        }
        TaskOverdue t = TaskOverdue.of(event);
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
        if (IncomingSignals.ORDER_PLACED.equals(event.path("type").asText())) {
            OrderPlaced o = OrderPlaced.of(event);
            signals.orderPlaced(c, o.orderId(), o.householdId());
        }
    }

    private Household household(Connection c, UUID id) throws SQLException {
        return households.byId(c, id).orElseThrow(() -> new IllegalArgumentException("household " + id + " not known"));
    }

    private void take(Connection c, Household h, String category, String urgency, String channel, String text)
            throws SQLException {
        intake.take(c, h, new NewContact(category, urgency, channel, text, null, "system"));
    }
}
