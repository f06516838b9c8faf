package org.lifeline.testing.rest;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.security.Caller;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The path prefixes a caller may see (ARCHITECTURE.md rule 4), from the places of the read model:
 * staff see the subtrees of their {@code areas}, a platform admin everything, others nothing here.
 */
@ApplicationScoped
public class Areas {

    @Inject
    AgroalDataSource dataSource;

    public List<String> paths(Caller caller) {
        if (caller.isPlatformAdmin()) {
            return List.of("/");
        }
        List<String> paths = new ArrayList<>();
        if (!caller.isStaff() || caller.areas().isEmpty()) {
            return paths;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT path FROM place_rm WHERE code = ANY (?)")) {
            s.setArray(1, c.createArrayOf("varchar", caller.areas().toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    paths.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return paths;
    }

    public static boolean within(List<String> paths, String path) {
        return path != null && paths.stream().anyMatch(path::startsWith);
    }

    /** A path, refused unless it holds only code characters (so it can be a SQL literal). */
    public static String checked(String path) {
        if (!path.matches("[/0-9A-Za-z-]+")) {
            throw new IllegalStateException("unexpected path " + path);
        }
        return path;
    }

    /**
     * {@code (column LIKE '<path>%' OR ...)}: literals, so PostgreSQL's prefix index is used whatever
     * plan it caches; {@code FALSE} for no paths.
     */
    public static String sqlWithin(String column, List<String> paths) {
        if (paths.isEmpty()) {
            return "FALSE";
        }
        StringBuilder sql = new StringBuilder("(");
        for (int i = 0; i < paths.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append(column).append(" LIKE '").append(checked(paths.get(i))).append("%'");
        }
        return sql.append(")").toString();
    }
}
