package org.lifeline.medical.repository;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Persons found positive ({@code infection_flag}) and the infection control of their households' requests. */
@ApplicationScoped
public class InfectionRepository {

    static final String TIMELINE_NOTE = "A household member tested positive: infection control for transport and admission";

    /** Records the person as positive, in their household, from this tube. */
    public void flagPerson(Connection c, UUID personId, UUID householdId, String barcode) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO infection_flag (person_id, household_id, barcode) "
                + "VALUES (?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET household_id = EXCLUDED.household_id, "
                + "barcode = EXCLUDED.barcode")) {
            s.setObject(1, personId);
            s.setObject(2, householdId);
            s.setString(3, barcode);
            s.executeUpdate();
        }
    }

    /** Marks the household's open requests for infection control, each with a timeline entry; returns how many. */
    public int flagOpenRequests(Connection c, UUID householdId) throws SQLException {
        int flagged = 0;
        try (PreparedStatement s = c.prepareStatement("UPDATE medical_request SET infection_control = true, "
                + "updated_at = now() WHERE household_id = ? AND NOT infection_control "
                + "AND status NOT IN ('resolved', 'cancelled') RETURNING id, level")) {
            s.setObject(1, householdId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    TimelineRepository.add(c, rs.getObject(1, UUID.class), "infection-control", rs.getString(2),
                            "testing", TIMELINE_NOTE);
                    flagged++;
                }
            }
        }
        return flagged;
    }
}
