package org.lifeline.cogovernance.places;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Caller;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Place codes and their paths, from the local read model of residents' places (ARCHITECTURE.md rule 3):
 * a caller's {@code areas} claim becomes path prefixes; "inside" is a prefix match ({@link AreaPaths}).
 */
@ApplicationScoped
public class Places {

    @Inject
    AgroalDataSource dataSource;

    /** The path prefixes the caller may see: a platform admin everything, others the subtrees of their areas. */
    public List<String> paths(Caller caller) {
        if (caller.isPlatformAdmin()) {
            return List.of("/");
        }
        return new ArrayList<>(pathsOf(caller.areas()).values());
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
        Map<String, String> found = new java.util.HashMap<>();
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
     * The paths of area codes a caller names in a request, each inside the caller's own areas: an unknown code
     * is a 400 field error, one outside the caller's areas is 403.
     */
    public List<String> requireWithin(Caller caller, String field, List<String> codes) {
        Map<String, String> paths = pathsOf(codes);
        List<String> mine = paths(caller);
        List<String> result = new ArrayList<>();
        for (String code : codes) {
            String path = paths.get(code);
            if (path == null) {
                throw ProblemException.invalidField(field, Message.of("Unknown place code " + code + ".",
                        "未知的地点编码 " + code + "。"));
            }
            if (!AreaPaths.within(mine, path)) {
                throw ProblemException.forbidden(Message.of("Place " + code + " is outside your areas.",
                        "地点 " + code + " 不在您负责的范围内。"));
            }
            result.add(path);
        }
        return result;
    }
}
