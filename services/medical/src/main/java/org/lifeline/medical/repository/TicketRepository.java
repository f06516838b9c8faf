package org.lifeline.medical.repository;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** {@code request_ticket}: the hotline tickets medical took, each raising or linked to one request. */
@ApplicationScoped
public class TicketRepository {

    /**
     * Holds the household's tickets for the rest of the transaction (a transaction-scoped advisory lock), so two
     * tickets of one household taken at once by two replicas do not both find no open request and raise two.
     */
    public void lockHousehold(Connection c, UUID household) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 20))")) {
            s.setString(1, "medical-ticket-household:" + household);
            s.execute();
        }
    }

    /** Whether the ticket was taken already (raised or linked a request). */
    public boolean taken(Connection c, UUID ticket) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM request_ticket WHERE ticket_id = ?)")) {
            s.setObject(1, ticket);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** @param kind raised (the ticket raised the request) or linked (to the household's open request) */
    public void add(Connection c, UUID ticket, UUID request, UUID household, String kind, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO request_ticket (ticket_id, request_id, household_id, kind, "
                + "taken_at) VALUES (?, ?, ?, ?, ?)")) {
            s.setObject(1, ticket);
            s.setObject(2, request);
            s.setObject(3, household);
            s.setString(4, kind);
            s.setTimestamp(5, Timestamp.from(at));
            s.executeUpdate();
        }
    }
}
