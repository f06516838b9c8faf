package org.lifeline.supplies.model;

import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Roles;

import java.util.List;

/**
 * Who is calling supplies, built once per request (service {@code Actors}) before any transaction: the {@link Caller}, the
 * path prefixes of their areas (staff and volunteers; everything for a platform admin) and, for a
 * partner merchant, the merchant (the OAuth client the token was issued to, {@code azp}).
 */
public record Actor(Caller caller, List<String> paths, String merchant) {

    /** The name recorded with what the actor did: a merchant by its client id, others by username. */
    public String username() {
        return merchant != null ? merchant : caller.username();
    }

    public boolean isMerchant() {
        return merchant != null;
    }

    public boolean isResident() {
        return caller.isResident();
    }

    public boolean isVolunteer() {
        return caller.hasRole(Roles.VOLUNTEER);
    }

    public boolean isStaff() {
        return caller.isStaff();
    }

    /** Staff who work in a community's households: order on behalf, hand over from the warehouse, carry, confirm. */
    public boolean isFrontlineStaff() {
        return caller.hasRole(Roles.GRID_WORKER) || caller.hasRole(Roles.COMMUNITY_STAFF);
    }

    /** A hotline operator (话务员): reads a household's orders in their areas to answer a caller; places none. */
    public boolean isHotlineOperator() {
        return caller.hasRole(Roles.HOTLINE_OPERATOR);
    }

    public boolean isPlatformAdmin() {
        return caller.isPlatformAdmin();
    }

    /** The role recorded with what the actor did (timeline, hand-overs). */
    public String role() {
        if (isMerchant()) {
            return Roles.MERCHANT;
        }
        for (String role : List.of(Roles.COMMUNITY_STAFF, Roles.GRID_WORKER, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
                Roles.HEALTH_OFFICER, Roles.VOLUNTEER, Roles.RESIDENT, Roles.PLATFORM_ADMIN)) {
            if (caller.hasRole(role)) {
                return role;
            }
        }
        return "unknown";
    }
}
