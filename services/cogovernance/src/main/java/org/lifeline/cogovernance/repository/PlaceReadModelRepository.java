package org.lifeline.cogovernance.repository;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Co-governance's copy of residents' places ({@code place_rm}, area codes to paths) and the paths it keeps itself
 * that follow a moved place. Kept as it was until the platform's residents read-model library replaces it.
 */
@ApplicationScoped
public class PlaceReadModelRepository {

    public void upsert(Connection c, String code, String name, String level, String parentCode, String path) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO place_rm (code, name, level, parent_code, path) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, "
                + "parent_code = EXCLUDED.parent_code, path = EXCLUDED.path")) {
            s.setString(1, code);
            s.setString(2, name);
            s.setString(3, level);
            s.setString(4, parentCode);
            s.setString(5, path);
            s.executeUpdate();
        }
    }

    /** A place moved: the places under it, and the tasks, volunteers and area modes in it, take the new path prefix. */
    public void move(Connection c, String code, String previous, String path) throws SQLException {
        for (String sql : new String[] {
                "UPDATE place_rm SET path = ? || substr(path, ?) WHERE path LIKE ? AND code <> ?",
                "UPDATE task SET area_path = ? || substr(area_path, ?) WHERE area_path LIKE ? AND ? IS NOT NULL",
                "UPDATE volunteer SET home_area_path = ? || substr(home_area_path, ?) WHERE home_area_path LIKE ? AND ? IS NOT NULL",
                "UPDATE area_mode SET area_path = ? || substr(area_path, ?) WHERE area_path LIKE ? AND ? IS NOT NULL" }) {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, path);
                s.setInt(2, previous.length() + 1);
                s.setString(3, previous.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
                s.setString(4, code);
                s.executeUpdate();
            }
        }
    }
}
