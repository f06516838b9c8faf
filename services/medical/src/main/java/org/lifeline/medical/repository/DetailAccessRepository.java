package org.lifeline.medical.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.medical.model.RequestRow;
import org.lifeline.platform.security.Caller;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.TreeSet;

/** {@code medical_detail_access}: every whole read of medical details, append-only (a trigger refuses changes). */
@ApplicationScoped
public class DetailAccessRepository {

    public void record(Connection c, Caller caller, RequestRow row, String purpose, String httpRequestId)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO medical_detail_access (actor_subject, actor_username, "
                + "actor_roles, request_id, household_id, fields, purpose, http_request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, caller.subject() == null ? "unknown" : caller.subject());
            s.setString(2, caller.username());
            s.setString(3, String.join(",", new TreeSet<>(caller.roles())));
            s.setObject(4, row.id());
            s.setObject(5, row.household());
            s.setString(6, "description,answers,contactName,contactPhone");
            s.setString(7, purpose);
            s.setString(8, httpRequestId);
            s.executeUpdate();
        }
    }
}
