package org.lifeline.medical.rest;

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
}
