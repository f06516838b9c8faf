package org.lifeline.supplies.rest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Callers;
import org.lifeline.platform.security.Roles;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link Actor} of a request (ARCHITECTURE.md rule 4): staff and volunteers see the subtrees
 * of their {@code areas} (resolved through the places of the read model), a platform admin everything,
 * a merchant is its OAuth client ({@code azp}).
 */
@ApplicationScoped
public class Actors {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Callers callers;

    public Actor of(SecurityIdentity identity) {
        Caller caller = callers.of(identity);
        String merchant = null;
        if (caller.hasRole(Roles.MERCHANT)) {
            Object azp = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim("azp") : null;
            merchant = azp == null ? null : String.valueOf(azp).replace("\"", "");
            if (merchant == null || merchant.isBlank()) {
                throw ProblemException.forbidden(Message.of("Merchants call with their partner client credentials.",
                        "商户须使用合作企业客户端凭据调用。"));
            }
        }
        return new Actor(caller, paths(caller), merchant);
    }

    /** Resolved area paths by the token's area codes, for a few seconds (places rarely move; a move shows soon). */
    private record Resolved(List<String> paths, long at) {
    }

    private static final long CACHE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    private final java.util.concurrent.ConcurrentHashMap<List<String>, Resolved> cache =
            new java.util.concurrent.ConcurrentHashMap<>();

    private List<String> paths(Caller caller) {
        if (caller.isPlatformAdmin()) {
            return List.of("/");
        }
        boolean scoped = caller.isStaff() || caller.hasRole(Roles.VOLUNTEER);
        if (!scoped || caller.areas().isEmpty()) {
            return List.of();
        }
        Resolved hit = cache.get(caller.areas());
        long now = System.nanoTime();
        if (hit != null && now - hit.at() < CACHE_NANOS) {
            return hit.paths();
        }
        List<String> paths = resolve(caller.areas());
        if (!paths.isEmpty()) { // a place not yet known may arrive any moment: do not keep its absence
            if (cache.size() > 10_000) {
                cache.clear();
            }
            cache.put(caller.areas(), new Resolved(paths, now));
        }
        return paths;
    }

    private List<String> resolve(List<String> areas) {
        List<String> paths = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT path FROM place_rm WHERE code = ANY (?)")) {
            s.setArray(1, c.createArrayOf("varchar", areas.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    paths.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return List.copyOf(paths);
    }
}
