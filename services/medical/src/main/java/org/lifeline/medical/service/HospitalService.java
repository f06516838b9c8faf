package org.lifeline.medical.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.medical.api.MedicalApi.DepartmentRequest;
import org.lifeline.medical.api.MedicalApi.Hospital;
import org.lifeline.medical.api.MedicalApi.HospitalRequest;
import org.lifeline.medical.config.Texts;
import org.lifeline.medical.api.MedicalApi.Preferences;
import org.lifeline.medical.repository.HospitalRepository;
import org.lifeline.medical.repository.OfferRepository;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Hospitals with departments and capacity (dialysis slots, maternity beds), kept by the health officers of the
 * hospital's area; any staff member may look for a free place. A capacity is never set below what is reserved.
 * Assigning a request to a department is {@link GreenChannelService}.
 */
@ApplicationScoped
public class HospitalService {

    @Inject
    Transactions tx;

    @Inject
    PlaceScopes places;

    @Inject
    HospitalRepository hospitals;

    @Inject
    OfferRepository offers;

    public Hospital create(Caller caller, HospitalRequest body) {
        Set<String> kinds = new HashSet<>();
        for (DepartmentRequest d : body.departments()) {
            if (!kinds.add(d.kind())) {
                throw ProblemException.invalidField("departments", Texts.of("hospital.department-twice", d.kind()));
            }
        }
        String path = places.path(body.areaCode()).filter(p -> places.within(caller, p))
                .orElseThrow(() -> ProblemException.invalidField("areaCode", Texts.of("hospital.area-outside")));
        UUID id = UUID.randomUUID();
        String code = body.code() == null ? "H-" + id.toString().substring(0, 8) : body.code();
        return tx.call(c -> {
            if (!hospitals.add(c, id, code, body.name(), body.areaCode(), path, caller.username(), body.departments())) {
                throw ProblemException.conflict(Texts.of("hospital.code-taken", code));
            }
            return hospitals.hospitals(c, id).get(0);
        });
    }

    /** All hospitals (capacity is not personal data; any staff member may look for a free bed). */
    public List<Hospital> list() {
        return tx.read(c -> hospitals.hospitals(c, null));
    }

    /** A new capacity for one department, never below what is reserved (409). */
    public Hospital capacity(Caller caller, UUID hospital, String kind, int capacity) {
        return tx.read(c -> {
            hospitals.areaPath(c, hospital).filter(p -> places.within(caller, p))
                    .orElseThrow(() -> ProblemException.notFound("Hospital", hospital));
            if (!hospitals.capacity(c, hospital, kind, capacity)) {
                throw ProblemException.conflict(Texts.of("hospital.over-reserved", capacity));
            }
            return hospitals.hospitals(c, hospital).get(0);
        });
    }

    /** The order in which a community's requests go to hospitals (staff who see the community). */
    public Preferences preferences(Caller caller, String community) {
        community(caller, community);
        return tx.read(c -> new Preferences(community, offers.preferences(c, community)));
    }

    /**
     * A health officer of the area sets the order of a community's hospitals, first the first (replaced as a whole;
     * an empty list removes it): 422 for an unknown hospital or one listed twice.
     */
    public Preferences setPreferences(Caller caller, String community, List<UUID> hospitalIds) {
        community(caller, community);
        Set<UUID> seen = new HashSet<>();
        for (UUID h : hospitalIds) {
            if (!seen.add(h)) {
                throw ProblemException.invalidField("hospitalIds", Texts.of("hospital.listed-twice", h));
            }
        }
        return tx.call(c -> {
            Set<UUID> known = hospitals.existing(c, hospitalIds);
            for (UUID h : hospitalIds) {
                if (!known.contains(h)) {
                    throw ProblemException.invalidField("hospitalIds", Texts.of("hospital.unknown-in-list", h));
                }
            }
            offers.preferences(c, community, hospitalIds, caller.username());
            return new Preferences(community, offers.preferences(c, community));
        });
    }

    /** A community (fourth level of the place tree) in the caller's areas, else 404. */
    private void community(Caller caller, String community) {
        places.path(community).filter(p -> p.replaceAll("^/+|/+$", "").split("/").length == 4)
                .filter(p -> places.within(caller, p))
                .orElseThrow(() -> ProblemException.notFound("Community", community));
    }
}
