package org.lifeline.medical.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.medical.api.MedicalApi.Assignment;
import org.lifeline.medical.config.MedicalConfig;
import org.lifeline.medical.config.Texts;
import org.lifeline.medical.event.GreenChannelPassRequested;
import org.lifeline.medical.event.MedicalRequestRefused;
import org.lifeline.medical.model.Levels;
import org.lifeline.medical.model.RequestRow;
import org.lifeline.medical.repository.HospitalRepository;
import org.lifeline.medical.repository.NotificationRepository;
import org.lifeline.medical.repository.OfferRepository;
import org.lifeline.medical.repository.OfferRepository.Candidate;
import org.lifeline.medical.repository.OfferRepository.Open;
import org.lifeline.medical.repository.RequestRepository;
import org.lifeline.medical.repository.TimelineRepository;
import org.lifeline.platform.deadline.Deadlines;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A refusal is an event, not an end (issue 21). In the transaction of the refusal, with the request locked: the
 * refusal on the timeline (a violation too when the reason may not be given for this patient); the place given back;
 * the district's health officer notified, with the hospital named; then, after a first refusal, the request sent at
 * once to the next suitable hospital (a free place in a department of the same kind, the community's order of
 * hospitals first, then the most free places; never a hospital it was sent to before) with the same transport and a
 * new green-channel pass; after a second refusal, or when no hospital has a free place, one level up the ladder, whose
 * staff must assign it within the severity's re-escalation time.
 *
 * <p>First-contact responsibility (首诊负责制): "no PCR result" is never a valid reason for a critical patient, and a
 * critical patient who already arrived at the door may not be sent away; such a refusal is recorded as a violation
 * (and still moves the patient on: nobody waits at a door that refuses them).
 */
@ApplicationScoped
public class Reassignment {

    /** Categories that are critical by nature, whatever the triage answers said. */
    static final Set<String> CRITICAL_CATEGORIES = Set.of("labour-pregnancy", "chest-pain-stroke");

    /** What became of a refusal; {@code notifications}: their webhooks go after the commit. */
    public record Outcome(boolean violation, UUID nextHospitalId, String nextHospitalName, boolean escalated,
            List<Long> notifications) {
    }

    @Inject
    RequestChanges changes;

    @Inject
    OfferRepository offers;

    @Inject
    HospitalRepository hospitals;

    @Inject
    RequestRepository requests;

    @Inject
    TimelineRepository timeline;

    @Inject
    NotificationRepository notifications;

    @Inject
    EscalationService escalation;

    @Inject
    WebhookNotifier webhook;

    @Inject
    MedicalConfig config;

    static boolean critical(RequestRow row) {
        return "critical".equals(row.severity()) || CRITICAL_CATEGORIES.contains(row.category());
    }

    /** A refusal may not be given for this patient: "no PCR result" or "at the door" for a critical patient. */
    static boolean violation(RequestRow row, String reason, String offerState) {
        return critical(row) && ("no-pcr-result".equals(reason) || "arrived".equals(offerState));
    }

    public Outcome refused(Connection c, RequestRow row, Open offer, String reason, String note, String by)
            throws SQLException {
        Instant now = changes.now();
        UUID id = row.id();
        boolean violation = violation(row, reason, offer.state());
        offers.refuse(c, offer.id(), reason, note, violation, by, now);
        Deadlines.cancel(c, AdmissionService.DOOR, Long.toString(offer.id()));
        Assignment previous = hospitals.assignment(c, id);
        hospitals.release(c, id);
        String why = Texts.of("refusal.reason." + reason).zh();
        timeline.add(c, id, "hospital-refused", row.level(), by, offer.hospitalName() + "：" + why
                + (note == null || note.isBlank() ? "" : "（" + note + "）"), now);
        if (violation) {
            timeline.add(c, id, "violation", row.level(), "system",
                    Texts.of("refusal.violation", offer.hospitalName(), why).zh(), now);
        }
        List<Long> written = new ArrayList<>();
        written.add(notifications.add(c, id, null, "district", Levels.code(row.path(), "district"),
                Levels.path(row.path(), "district"), Texts.of(violation ? "refusal.notify-violation" : "refusal.notify",
                        offer.hospitalName(), why).zh(), webhook.enabled()));

        Candidate next = null;
        if (offers.refusals(c, id) < 2 && previous != null) {
            for (Candidate candidate : offers.candidates(c, id, offer.departmentKind(), Levels.code(row.path(), "community"))) {
                var place = hospitals.reserve(c, candidate.departmentId());
                if (place.isPresent()) {
                    hospitals.assign(c, id, candidate.departmentId(), previous.transportKind(), previous.vehicle(), "system");
                    offers.offer(c, id, candidate.hospitalId(), candidate.departmentId(), "system", now);
                    timeline.add(c, id, "reassigned", row.level(), "system", candidate.hospitalName(), now);
                    changes.publish(c, GreenChannelPassRequested.TYPE, id, new GreenChannelPassRequested(id,
                            row.household(), row.path(), place.get().hospitalName(), place.get().hospitalAreaCode(),
                            previous.transportKind(), previous.vehicle(), row.severity()));
                    next = candidate;
                    break;
                }
            }
        }
        boolean escalated = false;
        if (next == null) {
            // no hospital holds the patient now: back to be assigned, one level up (the city keeps it, told again)
            requests.status(c, id, "acknowledged", now);
            String because = Texts.of(previous == null || offers.refusals(c, id) >= 2 ? "refusal.escalate-second"
                    : "refusal.escalate-none", offer.hospitalName()).zh();
            if (Levels.next(row.level()) != null) {
                written.add(escalation.escalate(c, id, row.household(), row.path(), row.level(),
                        EscalationService.Cause.hospital("refusal", because,
                                config.sla().get(row.severity()).reEscalate())).notificationId());
                escalated = true;
            } else {
                written.add(notifications.add(c, id, null, "city", Levels.code(row.path(), "city"),
                        Levels.path(row.path(), "city"), because, webhook.enabled()));
                timeline.add(c, id, "unplaced", row.level(), "system", because, now);
            }
        }
        changes.publish(c, MedicalRequestRefused.TYPE, id, new MedicalRequestRefused(id, row.household(),
                offer.hospitalId(), offer.hospitalName(), reason, violation, row.severity(), row.category(),
                next == null ? null : next.hospitalId(), next == null ? null : next.hospitalName(), escalated,
                RequestChanges.utc(now)));
        return new Outcome(violation, next == null ? null : next.hospitalId(), next == null ? null : next.hospitalName(),
                escalated, written);
    }
}
