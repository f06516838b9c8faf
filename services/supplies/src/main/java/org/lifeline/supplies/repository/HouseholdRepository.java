package org.lifeline.supplies.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.supplies.model.Household;
import org.lifeline.supplies.model.HouseholdPriorityFacts;
import org.lifeline.supplies.model.Priority;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/** Households and their members as the read model keeps them ({@code household_rm}, {@code person_rm}). */
@ApplicationScoped
public class HouseholdRepository {

    public Optional<Household> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT code, place_path, status FROM household_rm WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Household(id, rs.getString(1), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }

    /**
     * What the household's priority is made of: members, those with a vulnerable-person flag, and infants (born
     * after {@code infantsBornAfter}).
     */
    public Optional<HouseholdPriorityFacts> priorityFacts(Connection c, UUID id, LocalDate infantsBornAfter)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT h.code, h.status, h.version, h.place_path, "
                + "(SELECT count(*) FROM person_rm p WHERE p.household_id = h.id), "
                + "(SELECT count(*) FROM person_rm p WHERE p.household_id = h.id AND p.flags && ?::text[]), "
                + "(SELECT count(*) FROM person_rm p WHERE p.household_id = h.id AND p.birth_date > ?) "
                + "FROM household_rm h WHERE h.id = ?")) {
            s.setArray(1, c.createArrayOf("text", Priority.VULNERABLE_FLAGS.toArray()));
            s.setDate(2, Date.valueOf(infantsBornAfter));
            s.setObject(3, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new HouseholdPriorityFacts(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getString(4), rs.getInt(5), rs.getInt(6), rs.getInt(7))) : Optional.empty();
            }
        }
    }

    /** Whether the household of this code lives under the path (a building). */
    public boolean livesUnder(Connection c, String householdCode, String path) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM household_rm WHERE code = ? AND place_path LIKE ?")) {
            s.setString(1, householdCode);
            s.setString(2, path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
