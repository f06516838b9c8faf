package org.lifeline.testing.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.testing.model.OpenCampaign;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Coverage milestones reached ({@code coverage_milestone}), one row per campaign and percent. */
@ApplicationScoped
public class MilestoneRepository {

    /** The open campaigns, with their sampled persons and the highest milestone announced so far (0: none). */
    public List<OpenCampaign> openCampaigns(Connection c) throws SQLException {
        List<OpenCampaign> open = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT c.id, c.area_code, c.area_path, c.test_date, "
                + "c.exempt_under_months, (SELECT count(*) FROM person_state ps WHERE ps.campaign_id = c.id), "
                + "(SELECT coalesce(max(percent), 0) FROM coverage_milestone m WHERE m.campaign_id = c.id) "
                + "FROM campaign c WHERE c.status = 'open'");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                open.add(new OpenCampaign(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getObject(4, LocalDate.class), rs.getInt(5), rs.getLong(6), rs.getInt(7)));
            }
        }
        return open;
    }

    /** @return true if the milestone is new (with several replicas, only one of them gets true) */
    public boolean insert(Connection c, UUID campaign, int percent, long expected, long tested, OffsetDateTime now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO coverage_milestone (campaign_id, percent, "
                + "expected, tested, reached_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            s.setObject(1, campaign);
            s.setInt(2, percent);
            s.setLong(3, expected);
            s.setLong(4, tested);
            s.setObject(5, now);
            return s.executeUpdate() == 1;
        }
    }
}
