package org.lifeline.cogovernance.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.platform.security.Caller;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.TreeSet;
import java.util.UUID;

/** Writes a read of unmasked personal data to {@code personal_data_access}, in the read's transaction. */
@ApplicationScoped
public class AccessLogRepository {

    public void record(Connection c, Caller caller, String kind, UUID subject, String fields, String purpose) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO personal_data_access (actor_subject, actor_username, actor_roles, "
                + "subject_kind, subject_id, fields, purpose) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, caller.subject());
            s.setString(2, caller.username());
            s.setString(3, String.join(",", new TreeSet<>(caller.roles())));
            s.setString(4, kind);
            s.setObject(5, subject);
            s.setString(6, fields);
            s.setString(7, purpose);
            s.executeUpdate();
        }
    }
}
