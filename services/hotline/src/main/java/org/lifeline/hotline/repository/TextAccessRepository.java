package org.lifeline.hotline.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.hotline.model.TicketRow;
import org.lifeline.platform.security.Caller;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.TreeSet;

/** {@code ticket_text_access}: every read of a ticket's text, append-only (a trigger refuses changes). */
@ApplicationScoped
public class TextAccessRepository {

    public void record(Connection c, Caller caller, TicketRow row, String purpose, String httpRequestId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ticket_text_access (actor_subject, actor_username, "
                + "actor_roles, ticket_id, household_id, purpose, http_request_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, caller.subject() == null ? "unknown" : caller.subject());
            s.setString(2, caller.username());
            s.setString(3, String.join(",", new TreeSet<>(caller.roles())));
            s.setObject(4, row.id());
            s.setObject(5, row.householdId());
            s.setString(6, purpose);
            s.setString(7, httpRequestId);
            s.executeUpdate();
        }
    }
}
