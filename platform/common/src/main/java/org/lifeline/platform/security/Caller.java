package org.lifeline.platform.security;

import java.util.List;
import java.util.Set;

/**
 * Who is calling, as the verified access token says: subject, username, realm roles, the places the
 * caller is responsible for ({@code areas} claim, place codes) and, for a resident, their household
 * ({@code household} claim) and, for hospital staff, their hospital's code ({@code hospital} claim). Taken once per
 * request by {@link Callers}; immutable.
 */
public record Caller(String subject, String username, Set<String> roles, List<String> areas, String household,
        String hospital) {

    /** A caller without a hospital (everyone but hospital staff). */
    public Caller(String subject, String username, Set<String> roles, List<String> areas, String household) {
        this(subject, username, roles, areas, household, null);
    }

    public static final Set<String> STAFF_ROLES = Set.of(Roles.GRID_WORKER, Roles.COMMUNITY_STAFF,
            Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER);

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean hasAnyRole(Set<String> wanted) {
        return wanted.stream().anyMatch(roles::contains);
    }

    /** Staff of any level: sees the subtrees of its {@link #areas()}. */
    public boolean isStaff() {
        return hasAnyRole(STAFF_ROLES);
    }

    public boolean isPlatformAdmin() {
        return roles.contains(Roles.PLATFORM_ADMIN);
    }

    public boolean isResident() {
        return roles.contains(Roles.RESIDENT);
    }
}
