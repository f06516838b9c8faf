package org.lifeline.medical.repository;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * {@code escalation}: each step up, automatic (one per passed deadline: {@code deadline_id} is unique, the last
 * guard against a second escalation of one deadline) or whistle.
 */
@ApplicationScoped
public class EscalationRepository {

    /** @return the new escalation's id */
    public long add(Connection c, UUID request, Long deadlineId, String kind, String stage, String fromLevel,
            String toLevel, String toCode, String reason, String actor, OffsetDateTime dueAt, Instant at)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO escalation (request_id, deadline_id, kind, stage, "
                + "from_level, to_level, to_code, reason, actor, due_at, escalated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            s.setObject(1, request);
            s.setObject(2, deadlineId);
            s.setString(3, kind);
            s.setString(4, stage);
            s.setString(5, fromLevel);
            s.setString(6, toLevel);
            s.setString(7, toCode);
            s.setString(8, reason);
            s.setString(9, actor);
            s.setObject(10, dueAt);
            s.setTimestamp(11, Timestamp.from(at));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
