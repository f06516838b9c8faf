package org.lifeline.platform.security;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The one rule for which places a caller may see (ARCHITECTURE.md rule 4), written once for every service:
 * <ul>
 *   <li>a platform admin: every place ({@code "/"});</li>
 *   <li>staff of any level ({@link Caller#STAFF_ROLES}), hotline operators and volunteers: the subtrees of the
 *       places in their {@code areas} claim;</li>
 *   <li>everyone else (a resident, a merchant, a partner client, a hospital): no place by area; what they may
 *       see they get by another rule (a resident their own household, a partner its own orders).</li>
 * </ul>
 * A caller of an area role whose claim names no place sees nothing. The codes become path prefixes through the
 * service's own copy of residents' places ({@code place_rm}, or residents' {@code place}); "inside" is a prefix
 * match ({@link AreaPaths}).
 */
public final class AreaScope {

    /** The roles whose {@code areas} claim scopes them. */
    public static final Set<String> AREA_ROLES;

    static {
        java.util.HashSet<String> roles = new java.util.HashSet<>(Caller.STAFF_ROLES);
        roles.add(Roles.VOLUNTEER);
        roles.add(Roles.HOTLINE_OPERATOR);
        AREA_ROLES = Set.copyOf(roles);
    }

    /** What a caller's scope is before its codes are resolved: everything, or these area codes (maybe none). */
    public record Scope(boolean everything, List<String> areaCodes) {

        public boolean nothing() {
            return !everything && areaCodes.isEmpty();
        }
    }

    private static final Scope EVERYTHING = new Scope(true, List.of());
    private static final Scope NOTHING = new Scope(false, List.of());

    private AreaScope() {
    }

    public static Scope of(Caller caller) {
        if (caller.isPlatformAdmin()) {
            return EVERYTHING;
        }
        if (!caller.hasAnyRole(AREA_ROLES) || caller.areas().isEmpty()) {
            return NOTHING;
        }
        return new Scope(false, List.copyOf(caller.areas()));
    }

    /**
     * The path prefixes of the caller's scope, {@code ["/"]} for everything, empty for nothing.
     *
     * @param resolve area codes to the paths of those that are known (unknown codes left out)
     */
    public static List<String> paths(Caller caller, Function<List<String>, Collection<String>> resolve) {
        Scope scope = of(caller);
        if (scope.everything()) {
            return List.of("/");
        }
        if (scope.nothing()) {
            return List.of();
        }
        return List.copyOf(resolve.apply(scope.areaCodes()));
    }
}
