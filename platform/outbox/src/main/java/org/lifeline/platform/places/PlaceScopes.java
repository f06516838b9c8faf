package org.lifeline.platform.places;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.AreaScope;
import org.lifeline.platform.security.Caller;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link AreaScope} for the services on JDBC that keep a read model of residents' places ({@code place_rm},
 * code and path): the caller's areas as path prefixes, a place's path, and the check that places a caller names
 * are inside their areas. Resolved areas are kept for ten seconds per set of codes (places rarely move; a move
 * shows within that time); an area not known yet is never kept, as its place may arrive any moment.
 */
@ApplicationScoped
public class PlaceScopes {

    private static final long KEEP_NANOS = TimeUnit.SECONDS.toNanos(10);

    private record Resolved(List<String> paths, long at) {
    }

    private final Map<List<String>, Resolved> resolved = new ConcurrentHashMap<>();

    @Inject
    AgroalDataSource dataSource;

    /** The path prefixes the caller may see: {@code ["/"]} for a platform admin, empty for none. */
    public List<String> paths(Caller caller) {
        return AreaScope.paths(caller, this::cachedPaths);
    }

    /** Whether the path is inside the caller's areas. */
    public boolean within(Caller caller, String path) {
        return AreaPaths.within(paths(caller), path);
    }

    /** A SQL condition that keeps the rows whose {@code column} path is inside the caller's areas. */
    public String sqlWithin(Caller caller, String column) {
        return AreaPaths.sqlWithin(column, paths(caller));
    }

    public Optional<String> path(String code) {
        return Optional.ofNullable(pathsOf(List.of(code)).get(code));
    }

    /** Paths of the codes, in their order; a code not known here is left out. */
    public Map<String, String> pathsOf(List<String> codes) {
        Map<String, String> paths = new LinkedHashMap<>();
        if (codes.isEmpty()) {
            return paths;
        }
        Map<String, String> found = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT code, path FROM place_rm WHERE code = ANY (?)")) {
            s.setArray(1, c.createArrayOf("varchar", codes.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        codes.stream().filter(found::containsKey).forEach(code -> paths.put(code, found.get(code)));
        return paths;
    }

    /**
     * The path of a place the caller names: an unknown code is a 400 on {@code field}, a place outside the
     * caller's areas is 403.
     */
    public String requireWithin(Caller caller, String field, String code) {
        return requireWithin(caller, field, List.of(code)).get(0);
    }

    /** {@link #requireWithin(Caller, String, String)} for several codes, their paths in their order. */
    public List<String> requireWithin(Caller caller, String field, List<String> codes) {
        Map<String, String> paths = pathsOf(codes);
        List<String> mine = paths(caller);
        List<String> result = new ArrayList<>();
        for (String code : codes) {
            String path = paths.get(code);
            if (path == null) {
                throw ProblemException.invalidField(field, Message.key("messages.platform", "place.unknown", code));
            }
            if (!AreaPaths.within(mine, path)) {
                throw ProblemException.forbidden(Message.key("messages.platform", "place.outside-areas", code));
            }
            result.add(path);
        }
        return result;
    }

    private List<String> cachedPaths(List<String> codes) {
        long now = System.nanoTime();
        Resolved hit = resolved.get(codes);
        if (hit != null && now - hit.at() < KEEP_NANOS) {
            return hit.paths();
        }
        List<String> paths = List.copyOf(pathsOf(codes).values());
        if (paths.size() == codes.size()) {
            if (resolved.size() > 10_000) {
                resolved.clear();
            }
            resolved.put(List.copyOf(codes), new Resolved(paths, now));
        }
        return paths;
    }
}
