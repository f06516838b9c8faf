package org.lifeline.testing.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.testing.api.HouseholdApi.HouseholdTesting;
import org.lifeline.testing.model.HouseholdPlace;
import org.lifeline.testing.repository.HouseholdRepository;

import java.util.UUID;

/** A household as testing knows it: its own household for a resident, those of their areas for staff. */
@ApplicationScoped
public class HouseholdService {

    @Inject
    Transactions tx;

    @Inject
    PlaceScopes scopes;

    @Inject
    HouseholdRepository households;

    public HouseholdTesting get(Caller caller, UUID id) {
        return tx.read(c -> {
            HouseholdPlace household = households.find(c, id)
                    .orElseThrow(() -> ProblemException.notFound("Household", id));
            boolean own = caller.isResident() && household.code().equals(caller.household());
            if (!own && !scopes.within(caller, household.placePath())) {
                throw ProblemException.notFound("Household", id); // existence not revealed
            }
            return new HouseholdTesting(id, household.code(), household.status(), household.version(),
                    households.members(c, id));
        });
    }
}
