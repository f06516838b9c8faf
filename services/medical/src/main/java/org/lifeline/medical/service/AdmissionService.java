package org.lifeline.medical.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.medical.api.MedicalApi.AdmissionView;
import org.lifeline.medical.api.MedicalApi.RefuseRequest;
import org.lifeline.medical.api.MedicalApi.Refusal;
import org.lifeline.medical.api.MedicalApi.RequestSummary;
import org.lifeline.medical.config.MedicalConfig;
import org.lifeline.medical.config.Texts;
import org.lifeline.medical.event.MedicalRequestAdmitted;
import org.lifeline.medical.event.MedicalRequestResolved;
import org.lifeline.medical.model.RequestRow;
import org.lifeline.medical.repository.HouseholdRepository;
import org.lifeline.medical.repository.OfferRepository;
import org.lifeline.medical.repository.OfferRepository.Open;
import org.lifeline.medical.repository.RequestRepository;
import org.lifeline.medical.repository.StageDeadlineRepository;
import org.lifeline.medical.repository.TimelineRepository;
import org.lifeline.platform.deadline.Deadlines;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.problem.Lang;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.security.Caller;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The hospital's side of a request (issue 21): its staff (role hospital-staff, claim {@code hospital}) see the
 * patients sent to their hospital and accept or refuse each one, record the arrival at the door and the admission.
 * A refusal is {@link Reassignment}'s. An arrival starts the door deadline (platform deadline kind {@value #DOOR},
 * {@code medical.door.<severity>}); the admission meets it, resolves the request (every stage deadline met) and keeps
 * the reserved place for the patient until discharge.
 */
@ApplicationScoped
public class AdmissionService {

    /** The platform deadline of a patient at the door; subject the offer id. */
    public static final String DOOR = "medical.door";

    @Inject
    Transactions tx;

    @Inject
    RequestChanges changes;

    @Inject
    RequestAccess access;

    @Inject
    RequestViews views;

    @Inject
    RequestRepository requests;

    @Inject
    OfferRepository offers;

    @Inject
    StageService stages;

    @Inject
    TimelineRepository timeline;

    @Inject
    HouseholdRepository households;

    @Inject
    Reassignment reassignment;

    @Inject
    MedicalConfig config;

    /** The requests the caller's hospital has now, and those it admitted in the last day; newest first. */
    public PageView<RequestSummary> list(Caller caller, int page, int size) {
        Instant since = changes.now().minus(Duration.ofDays(1));
        return tx.read(c -> {
            List<RequestSummary> out = new ArrayList<>();
            for (UUID id : offers.atHospital(c, caller.hospital(), since, page * size, size)) {
                out.add(requests.summary(c, id));
            }
            return PageView.of(out, page, size, offers.countAtHospital(c, caller.hospital(), since));
        });
    }

    /**
     * A patient sent to the caller's hospital: the request whole (the read audited), whether the household had a
     * positive test as far as medical knows from testing's events, and the rule the hospital must follow.
     */
    public AdmissionView view(Caller caller, UUID id, Lang lang, String httpRequestId) {
        boolean infected = tx.read(c -> {
            RequestRow row = access.row(c, id);
            access.requireHospital(caller, row);
            return households.infected(c, row.household());
        });
        String rule = Texts.of("admission.rule").in(lang) + (infected ? " " + Texts.of("admission.rule-infection").in(lang) : "");
        return new AdmissionView(views.view(caller, id, httpRequestId), infected,
                Texts.of(infected ? "test.positive" : "test.none").in(lang), rule);
    }

    /** The hospital accepts the patient it was offered. */
    public AdmissionView accept(Caller caller, UUID id, Lang lang, String httpRequestId) {
        changes.changeWithoutView(id, (c, row) -> {
            Open offer = openOffer(c, caller, row);
            if (!"offered".equals(offer.state())) {
                throw ProblemException.conflict(Texts.of("admission.cannot-accept"));
            }
            Instant now = changes.now();
            offers.state(c, offer.id(), "accepted", caller.username(), now);
            timeline.add(c, id, "hospital-accepted", row.level(), caller.username(), offer.hospitalName(), now);
        });
        return view(caller, id, lang, httpRequestId);
    }

    /**
     * The hospital refuses: a reason from the list; the request goes to the next hospital at once, or escalates. The
     * answer says only what became of the refusal: the refusing hospital no longer has the patient.
     */
    public Refusal refuse(Caller caller, UUID id, RefuseRequest body, String httpRequestId) {
        Reassignment.Outcome outcome = tx.call(c -> {
            RequestRow row = access.lock(c, id);
            Open offer = openOffer(c, caller, row);
            return reassignment.refused(c, row, offer, body.reason(), body.note(), caller.username());
        });
        changes.afterCommit(outcome.notifications());
        return new Refusal(body.reason(), outcome.violation(), outcome.nextHospitalId() != null, outcome.escalated());
    }

    /** The patient is at the hospital's door: the door deadline starts. */
    public AdmissionView arrived(Caller caller, UUID id, Lang lang, String httpRequestId) {
        changes.changeWithoutView(id, (c, row) -> {
            Open offer = openOffer(c, caller, row);
            if ("arrived".equals(offer.state())) {
                throw ProblemException.conflict(Texts.of("admission.cannot-arrive"));
            }
            Instant now = changes.now();
            offers.state(c, offer.id(), "arrived", caller.username(), now);
            Duration door = config.door().getOrDefault(row.severity(), Duration.ofMinutes(30));
            Deadlines.schedule(c, DOOR, Long.toString(offer.id()), now.plus(door));
            timeline.add(c, id, "arrived", row.level(), caller.username(), offer.hospitalName(), now);
        });
        return view(caller, id, lang, httpRequestId);
    }

    /** Admitted (from any open state: a patient may be admitted straight away): the door deadline met, the request resolved (the place stays reserved until discharge). */
    public AdmissionView admitted(Caller caller, UUID id, Lang lang, String httpRequestId) {
        changes.changeWithoutView(id, (c, row) -> {
            Open offer = openOffer(c, caller, row);
            Instant now = changes.now();
            offers.state(c, offer.id(), "admitted", caller.username(), now);
            Deadlines.cancel(c, DOOR, Long.toString(offer.id()));
            if (!"resolved".equals(row.status())) {
                stages.reach(c, row, "resolved");
            }
            timeline.add(c, id, "admitted", row.level(), caller.username(), offer.hospitalName(), now);
            Long waited = offer.arrivedAt() == null ? null
                    : Duration.between(offer.arrivedAt().toInstant(), now).toSeconds();
            changes.publish(c, MedicalRequestAdmitted.TYPE, id, new MedicalRequestAdmitted(id, row.household(),
                    offer.hospitalId(), offer.hospitalName(), waited, RequestChanges.utc(now)));
            changes.publish(c, MedicalRequestResolved.TYPE, id, new MedicalRequestResolved(id, row.household(),
                    "resolved", RequestChanges.utc(now)));
        });
        return view(caller, id, lang, httpRequestId);
    }

    /** The open offer at the caller's hospital (404 for another hospital; 409 when admitted already). */
    private Open openOffer(java.sql.Connection c, Caller caller, RequestRow row) throws java.sql.SQLException {
        access.requireHospital(caller, row);
        return offers.open(c, row.id()).filter(o -> o.hospitalCode().equals(caller.hospital()))
                .orElseThrow(() -> ProblemException.conflict(Texts.of("admission.done")));
    }
}
