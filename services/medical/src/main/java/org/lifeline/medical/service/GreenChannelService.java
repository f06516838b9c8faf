package org.lifeline.medical.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.medical.api.MedicalApi.AssignRequest;
import org.lifeline.medical.api.MedicalApi.RequestView;
import org.lifeline.medical.config.Texts;
import org.lifeline.medical.event.GreenChannelPassRequested;
import org.lifeline.medical.model.RequestRow;
import org.lifeline.medical.repository.HospitalRepository;
import org.lifeline.medical.repository.TimelineRepository;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.outbox.Outbox;
import org.lifeline.platform.outbox.OutboxRelay;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
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
    Transactions tx;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    @Inject
    RequestAccess access;

    @Inject
    StageService stages;

    @Inject
    HospitalRepository hospitals;

    @Inject
    TimelineRepository timeline;

    @Inject
    OutboxRelay relay;

    @Inject
    RequestViews views;

    public RequestView assign(Caller caller, UUID id, AssignRequest body, String httpRequestId) {
        tx.run(c -> {
            RequestRow row = access.lock(c, id);
            access.requireHandling(caller, row);
            if (!ASSIGNABLE.contains(row.status())) {
                throw ProblemException.conflict(Texts.of("request.cannot-assign", row.status()));
            }
            hospitals.release(c, id);
            HospitalRepository.Reserved place = hospitals.reserve(c, body.departmentId())
                    .orElseThrow(() -> fullOrUnknown(c, body.departmentId()));
            hospitals.assign(c, id, body.departmentId(), body.transportKind(), body.vehicle(), caller.username());
            Instant now = "assigned".equals(row.status()) ? clock.instant() : stages.reach(c, row, "assigned");
            timeline.add(c, id, "assigned", row.level(), caller.username(), place.hospitalName() + " (" + place.kind()
                    + "), " + body.transportKind() + " " + body.vehicle() + "; green-channel pass requested", now);
            Outbox.write(c, mapper, GreenChannelPassRequested.TYPE, id.toString(), new GreenChannelPassRequested(id,
                    row.household(), row.path(), place.hospitalName(), place.hospitalAreaCode(), body.transportKind(),
                    body.vehicle(), row.severity()));
        });
        relay.wake();
        return views.view(caller, id, httpRequestId);
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
