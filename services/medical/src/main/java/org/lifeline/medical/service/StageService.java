package org.lifeline.medical.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.medical.api.MedicalApi.RequestView;
import org.lifeline.medical.config.Texts;
import org.lifeline.medical.event.MedicalRequestResolved;
import org.lifeline.medical.model.RequestRow;
import org.lifeline.medical.model.Stages;
import org.lifeline.medical.repository.HospitalRepository;
import org.lifeline.medical.repository.OfferRepository;
import org.lifeline.medical.repository.RequestRepository;
import org.lifeline.medical.repository.StageDeadlineRepository;
import org.lifeline.medical.repository.TimelineRepository;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * A request's stages after it was raised: acknowledged, en route, resolved (the assignment is
 * {@link GreenChannelService}), cancelled, and the patient's discharge. Reaching a stage meets its deadline and
 * those before it (their platform deadlines are cancelled in the same transaction, so they never fire).
 */
@ApplicationScoped
public class StageService {

    @Inject
    RequestRepository requests;

    @Inject
    RequestChanges changes;

    @Inject
    RequestAccess access;

    @Inject
    StageDeadlineRepository deadlines;

    @Inject
    HospitalRepository hospitals;

    @Inject
    TimelineRepository timeline;

    @Inject
    OfferRepository offers;

    /** Staff handling it (or a health officer) acknowledge: the acknowledged deadline is met. */
    public RequestView acknowledge(Caller caller, UUID id, String httpRequestId) {
        return advance(caller, id, "acknowledged", null, httpRequestId);
    }

    public RequestView enRoute(Caller caller, UUID id, String note, String httpRequestId) {
        return advance(caller, id, "en_route", note, httpRequestId);
    }

    /** Resolved: every deadline met; {@code MedicalRequestResolved}. */
    public RequestView resolve(Caller caller, UUID id, String note, String httpRequestId) {
        return advance(caller, id, "resolved", note, httpRequestId);
    }

    private RequestView advance(Caller caller, UUID id, String status, String note, String httpRequestId) {
        return changes.change(caller, id, httpRequestId, (c, row) -> {
            access.requireHandling(caller, row);
            int from = Stages.STATUSES.indexOf(row.status());
            int to = Stages.STATUSES.indexOf(status);
            if (from < 0 || from >= to || ("en_route".equals(status) && !"assigned".equals(row.status()))) {
                throw ProblemException.conflict(Texts.of("request.cannot-become", row.status(), status));
            }
            Instant now = reach(c, row, status);
            timeline.add(c, id, status, row.level(), caller.username(), note, now);
            if ("resolved".equals(status)) {
                changes.publish(c, MedicalRequestResolved.TYPE, id, new MedicalRequestResolved(id, row.household(),
                        "resolved", RequestChanges.utc(now)));
            }
        });
    }

    /** The household or the staff handling it withdraw the request: deadlines cancelled, a reservation released. */
    public RequestView cancel(Caller caller, UUID id, String reason, String httpRequestId) {
        return changes.change(caller, id, httpRequestId, (c, row) -> {
            access.requireDetails(caller, row);
            if (Stages.closed(row.status())) {
                throw ProblemException.conflict(Texts.of("resolved".equals(row.status())
                        ? "request.already-resolved" : "request.already-cancelled"));
            }
            Instant now = changes.now();
            requests.status(c, id, "cancelled", now);
            deadlines.close(c, id, null, "cancelled", now);
            hospitals.release(c, id);
            offers.withdrawOpen(c, id, caller.username(), now);
            timeline.add(c, id, "cancelled", row.level(), caller.username(), reason, now);
            changes.publish(c, MedicalRequestResolved.TYPE, id, new MedicalRequestResolved(id, row.household(),
                    "cancelled", RequestChanges.utc(now)));
        });
    }

    /**
     * The patient of a resolved request left the hospital: the place the request reserved is given back and the
     * timeline says so. 409 when the request is not resolved or holds no place.
     */
    public RequestView discharge(Caller caller, UUID id, String note, String httpRequestId) {
        return changes.change(caller, id, httpRequestId, (c, row) -> {
            access.requireHandling(caller, row);
            if (!"resolved".equals(row.status())) {
                throw ProblemException.conflict(Texts.of("request.discharge-not-resolved", row.status()));
            }
            if (!hospitals.release(c, id)) {
                throw ProblemException.conflict(Texts.of("request.discharge-no-place"));
            }
            timeline.add(c, id, "discharged", row.level(), caller.username(), note, changes.now());
        });
    }

    /** The status, with every pending deadline of the stages now reached met; returns the time. */
    Instant reach(Connection c, RequestRow row, String status) throws SQLException {
        Instant now = changes.now();
        requests.status(c, row.id(), status, now);
        deadlines.close(c, row.id(), Stages.metBy(status), "met", now);
        return now;
    }
}
