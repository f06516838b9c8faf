package org.lifeline.residents.service;

import org.lifeline.residents.config.Texts;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.AreaScope;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Roles;
import org.lifeline.residents.model.Household;
import org.lifeline.residents.model.Place;
import org.lifeline.residents.repository.PlaceRepository;

import java.util.List;
import java.util.Set;

/**
 * Decides what a caller may see and do, from role plus place (ARCHITECTURE.md rule 4). What a caller may SEE
 * by area is the platform's rule ({@link AreaScope}): staff see the subtrees of the places in their
 * {@code areas} claim, a resident sees their own household (the
 * {@code household} claim), a platform admin sees everything. Households outside the caller's
 * scope are reported as not found, so their existence does not leak.
 */
@ApplicationScoped
public class AreaAccess {

    @Inject
    PlaceRepository places;

    /** What a caller wants to do with a household. */
    public enum Action {
        /** Masked reads; hotline operators too, to answer a caller from the household's one screen. */
        READ(Set.of(Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
                Roles.HEALTH_OFFICER, Roles.HOTLINE_OPERATOR), true),
        CREATE(Set.of(Roles.GRID_WORKER, Roles.COMMUNITY_STAFF), false),
        EDIT_MEMBERS(Set.of(Roles.GRID_WORKER, Roles.COMMUNITY_STAFF), true),
        SET_STATUS(Set.of(Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
                Roles.HEALTH_OFFICER), false),
        REVEAL_PERSONAL_DATA(Set.of(Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.HEALTH_OFFICER), true),
        /** Confirm or reject what a resident declared (members, flags): community staff and above, never the resident. */
        VERIFY(Set.of(Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER), false);

        final Set<String> staffRoles;
        final boolean residentOwnHousehold;

        Action(Set<String> staffRoles, boolean residentOwnHousehold) {
            this.staffRoles = staffRoles;
            this.residentOwnHousehold = residentOwnHousehold;
        }
    }

    /**
     * The path prefixes the caller may see: the platform's one rule ({@link AreaScope}: {@code "/"} for a platform
     * admin, the subtrees of the areas claim for staff and volunteers, nothing for others), over residents' own
     * places, read reactively.
     */
    public Uni<List<String>> visiblePaths(Caller caller) {
        AreaScope.Scope scope = AreaScope.of(caller);
        if (scope.everything()) {
            return Uni.createFrom().item(List.of("/"));
        }
        if (scope.nothing()) {
            return Uni.createFrom().item(List.of());
        }
        return places.pathsOf(scope.areaCodes());
    }

    /** Fails with not-found when the caller may not see the household, forbidden when it may see but not act. */
    public Uni<Household> require(Caller caller, Household household, Action action) {
        if (household == null) {
            return Uni.createFrom().failure(ProblemException.notFound("Household", "?"));
        }
        if (caller.isResident() && household.code.equals(caller.household())) {
            if (action.residentOwnHousehold) {
                return Uni.createFrom().item(household);
            }
            return Uni.createFrom().failure(ProblemException.forbidden(Texts.of("area-access.residents-cannot-do-their-household")));
        }
        return visiblePaths(caller).map(paths -> {
            if (!AreaPaths.within(paths, household.placePath)) {
                throw ProblemException.notFound("Household", household.id);
            }
            // platform admins run the platform; they do not read unmasked personal data
            boolean adminMay = caller.isPlatformAdmin() && action != Action.REVEAL_PERSONAL_DATA;
            if (!adminMay && !caller.hasAnyRole(action.staffRoles)) {
                throw ProblemException.forbidden(Texts.of("area-access.role-may-see-household-but"));
            }
            return household;
        });
    }

    /** The place, if it is inside the caller's areas (403 otherwise, 404 if unknown). */
    public Uni<Place> requirePlace(Caller caller, String code) {
        return places.byId(code).flatMap(place -> {
            if (place == null) {
                return Uni.createFrom().failure(ProblemException.notFound("Place", code));
            }
            return visiblePaths(caller).map(paths -> {
                if (!AreaPaths.within(paths, place.path)) {
                    throw ProblemException.forbidden(Texts.of("register-exports.place-outside-areas", code));
                }
                return place;
            });
        });
    }
}
