package org.lifeline.medical.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.medical.config.Texts;
import org.lifeline.medical.model.Access;
import org.lifeline.medical.model.Levels;
import org.lifeline.medical.model.RequestRow;
import org.lifeline.medical.repository.RequestRepository;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Roles;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Who sees what of a request (ARCHITECTURE.md rules 4 and 5): the requester's household (resident token
 * {@code household}) and staff whose areas cover the household see the request and its timeline; anyone else gets
 * 404. Medical details (description, answers, contact) are shown whole only to the household, health officers of
 * the area, and the staff handling it: community staff and grid workers from the start, a street officer once it
 * reached the street, a district officer once it reached the district. Others (a platform admin, a street officer
 * before escalation) see them masked. Hospital staff see, whole, the requests sent to their hospital (token claim
 * {@code hospital}) while it has them (offered, accepted, at its door or admitted), and nothing else. Areas are the
 * platform's rule ({@link PlaceScopes}).
 */
@ApplicationScoped
public class RequestAccess {

    @Inject
    PlaceScopes places;

    @Inject
    RequestRepository requests;

    /** The request, or 404. */
    public RequestRow row(Connection c, UUID id) throws SQLException {
        return requests.row(c, id, false).orElseThrow(() -> ProblemException.notFound("Medical request", id));
    }

    /** The request locked for the transaction ({@code FOR UPDATE}), or 404. */
    public RequestRow lock(Connection c, UUID id) throws SQLException {
        return requests.row(c, id, true).orElseThrow(() -> ProblemException.notFound("Medical request", id));
    }

    /** What this caller may see of this request (see the class comment). */
    public Access access(Caller caller, RequestRow row) {
        if (caller.household() != null && caller.household().equals(row.householdCode()) && caller.isResident()) {
            return Access.DETAILS;
        }
        if (caller.hasRole(Roles.HOSPITAL_STAFF) && caller.hospital() != null) {
            // a hospital sees the patients sent to it, whole (it treats them), and nothing else
            return caller.hospital().equals(row.hospitalCode()) ? Access.DETAILS : Access.NONE;
        }
        if (!caller.isStaff() && !caller.isPlatformAdmin() || !places.within(caller, row.path())) {
            return Access.NONE;
        }
        if (caller.hasRole(Roles.HEALTH_OFFICER) || caller.hasRole(Roles.COMMUNITY_STAFF) || caller.hasRole(Roles.GRID_WORKER)
                || caller.hasRole(Roles.STREET_OFFICER) && Levels.rank(row.level()) >= Levels.rank("street")
                || caller.hasRole(Roles.DISTRICT_OFFICER) && Levels.rank(row.level()) >= Levels.rank("district")) {
            return Access.DETAILS;
        }
        return Access.SUMMARY;
    }

    /** Staff handling it, or a health officer of the area: may move it through the stages. */
    public void requireHandling(Caller caller, RequestRow row) {
        if (!caller.isStaff() || access(caller, row) != Access.DETAILS) {
            throw refused(caller, row);
        }
    }

    /** The household or the staff handling it (cancelling). */
    public void requireDetails(Caller caller, RequestRow row) {
        if (access(caller, row) != Access.DETAILS) {
            throw refused(caller, row);
        }
    }

    /** Staff of the hospital the request is at (offered, accepted, at the door, admitted); else 404. */
    public void requireHospital(Caller caller, RequestRow row) {
        if (!caller.hasRole(Roles.HOSPITAL_STAFF) || caller.hospital() == null
                || !caller.hospital().equals(row.hospitalCode())) {
            throw ProblemException.notFound("Medical request", row.id());
        }
    }

    /** Staff who see it at all (the whistle). */
    public void requireStaffWhoSee(Caller caller, RequestRow row) {
        if (!caller.isStaff() || access(caller, row) == Access.NONE) {
            throw refused(caller, row);
        }
    }

    /** 404 to whom the request is invisible, 403 to whom it is visible. */
    private ProblemException refused(Caller caller, RequestRow row) {
        if (access(caller, row) == Access.NONE) {
            return ProblemException.notFound("Medical request", row.id());
        }
        return ProblemException.forbidden(Texts.of("request.handlers-only"));
    }
}
