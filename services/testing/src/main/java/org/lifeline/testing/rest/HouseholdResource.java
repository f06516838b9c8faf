package org.lifeline.testing.rest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Callers;
import org.lifeline.platform.security.Roles;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A household as testing knows it, from its read model: the part the gateway's household overview
 * asks for ({@code GET /api/testing/households/{id}}). Test results join it as the service grows.
 */
@Path("/api/testing/households")
@Tag(name = "households")
@Blocking
public class HouseholdResource {

    /**
     * One member, as testing shows them: no ID or phone number (testing never receives them), and the birth
     * year rather than the date, which would unmask the ID number residents shows masked (issue 18).
     */
    public record Member(UUID personId, String name, int birthYear, String relation, List<String> flags,
            Latest latest) {
    }

    /** The person's state in their latest campaign (sampled, negative, positive, retest-required, retest-sampled). */
    public record Latest(UUID campaignId, LocalDate testDate, String state) {
    }

    /** The household in testing's read model. */
    public record HouseholdTesting(UUID householdId, String code, String status, long version, List<Member> persons) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Areas areas;

    @Inject
    SecurityIdentity identity;

    @Inject
    Callers callers;

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.RESIDENT, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "A household in testing's read model (own household for residents; your areas for staff)")
    public HouseholdTesting get(@PathParam("id") UUID id) {
        Caller caller = callers.of(identity);
        try (Connection c = dataSource.getConnection()) {
            HouseholdTesting household;
            String path;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT code, status, version, place_path FROM household_rm WHERE id = ?")) {
                s.setObject(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw ProblemException.notFound("Household", id);
                    }
                    household = new HouseholdTesting(id, rs.getString(1), rs.getString(2), rs.getLong(3), new ArrayList<>());
                    path = rs.getString(4);
                }
            }
            boolean own = caller.isResident() && household.code().equals(caller.household());
            if (!own && !AreaPaths.within(areas.paths(caller), path)) {
                throw ProblemException.notFound("Household", id); // existence not revealed
            }
            try (PreparedStatement s = c.prepareStatement("SELECT p.id, p.name, p.birth_date, p.relation, p.flags, "
                    + "l.campaign_id, l.test_date, l.state FROM person_rm p LEFT JOIN LATERAL (SELECT ps.campaign_id, "
                    + "c.test_date, ps.state FROM person_status ps JOIN campaign c ON c.id = ps.campaign_id "
                    + "WHERE ps.person_id = p.id ORDER BY c.test_date DESC, ps.updated_at DESC LIMIT 1) l ON true "
                    + "WHERE p.household_id = ? ORDER BY (p.relation = 'householder') DESC, p.position, p.id")) {
                s.setObject(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        UUID campaign = rs.getObject(6, UUID.class);
                        household.persons().add(new Member(rs.getObject(1, UUID.class), rs.getString(2),
                                rs.getObject(3, LocalDate.class).getYear(), rs.getString(4),
                                List.of((String[]) rs.getArray(5).getArray()),
                                campaign == null ? null : new Latest(campaign, rs.getObject(7, LocalDate.class),
                                        rs.getString(8))));
                    }
                }
            }
            return household;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
