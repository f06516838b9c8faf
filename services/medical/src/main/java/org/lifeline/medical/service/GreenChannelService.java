package org.lifeline.medical.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.medical.api.MedicalApi.AssignRequest;
import org.lifeline.medical.api.MedicalApi.RequestView;
import org.lifeline.medical.config.Texts;
import org.lifeline.medical.event.GreenChannelPassRequested;
import org.lifeline.medical.repository.HospitalRepository;
import org.lifeline.medical.repository.OfferRepository;
import org.lifeline.medical.repository.TimelineRepository;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Assigning a request to a hospital department and a transport (the green channel): one place is reserved with a
 * conditional update ({@code reserved < capacity}), so concurrent assignments never overbook (409 when full); an
 * earlier place of the request is released; the request is assigned (its deadlines up to assigned met); and
 * co-governance is asked for a green-channel pass ({@code GreenChannelPassRequested}). Cancelling releases the place;
 * resolving keeps it (the patient occupies it) until the patient is discharged, or a health officer lowers the
 * reservation by changing the capacity (a simplification, see README).
 */
@ApplicationScoped
public class GreenChannelService {

    private static final Set<String> ASSIGNABLE = Set.of("raised", "acknowledged", "assigned");

    @Inject
    RequestChanges changes;

    @Inject
    RequestAccess access;

    @Inject
    StageService stages;

    @Inject
    HospitalRepository hospitals;

    @Inject
    TimelineRepository timeline;

    @Inject
    OfferRepository offers;

    public RequestView assign(Caller caller, UUID id, AssignRequest body, String httpRequestId) {
        return changes.change(caller, id, httpRequestId, (c, row) -> {
            access.requireHandling(caller, row);
            if (!ASSIGNABLE.contains(row.status())) {
                throw ProblemException.conflict(Texts.of("request.cannot-assign", row.status()));
            }
            hospitals.release(c, id);
            HospitalRepository.Reserved place = hospitals.reserve(c, body.departmentId())
                    .orElseThrow(() -> fullOrUnknown(c, body.departmentId()));
            hospitals.assign(c, id, body.departmentId(), body.transportKind(), body.vehicle(), caller.username());
            Instant now = "assigned".equals(row.status()) ? changes.now() : stages.reach(c, row, "assigned");
            // the hospital answers (accepts or refuses); an earlier hospital's open offer is withdrawn
            offers.withdrawOpen(c, id, caller.username(), now);
            offers.offer(c, id, place.hospitalId(), body.departmentId(), caller.username(), now);
            timeline.add(c, id, "assigned", row.level(), caller.username(), place.hospitalName() + " (" + place.kind()
                    + "), " + body.transportKind() + " " + body.vehicle() + "; green-channel pass requested", now);
            changes.publish(c, GreenChannelPassRequested.TYPE, id, new GreenChannelPassRequested(id, row.household(),
                    row.path(), place.hospitalName(), place.hospitalAreaCode(), body.transportKind(), body.vehicle(),
                    row.severity()));
        });
    }

    private ProblemException fullOrUnknown(Connection c, UUID department) {
        try {
            return hospitals.departmentExists(c, department)
                    ? ProblemException.conflict(Texts.of("department.full"))
                    : ProblemException.invalidField("departmentId", Texts.of("department.unknown"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
