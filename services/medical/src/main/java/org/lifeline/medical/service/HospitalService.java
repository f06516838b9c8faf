package org.lifeline.medical.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.medical.api.MedicalApi.DepartmentRequest;
import org.lifeline.medical.api.MedicalApi.Hospital;
import org.lifeline.medical.api.MedicalApi.HospitalRequest;
import org.lifeline.medical.config.Texts;
import org.lifeline.medical.repository.HospitalRepository;
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
        return tx.call(c -> {
            hospitals.add(c, id, body.name(), body.areaCode(), path, caller.username(), body.departments());
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
}
