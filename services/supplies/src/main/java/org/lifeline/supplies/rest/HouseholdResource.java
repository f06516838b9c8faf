package org.lifeline.supplies.rest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Roles;
import org.lifeline.supplies.allocation.Priority;
import org.lifeline.supplies.order.OrderApi.Order;
import org.lifeline.supplies.order.OrderService;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A household as supplies knows it from residents' events, with the priority its orders would get now (no names,
 * only counts): the household sees why it is served when it is; staff see the households of their areas.
 */
@Path("/api/supplies/households")
@Tag(name = "orders")
@Blocking
public class HouseholdResource {

    /** The household's priority now; {@code priority.waitedHours} is 0 (it depends on each order). */
    public record HouseholdSupplies(UUID householdId, String code, String status, long version, int persons,
            Priority.Components priority) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SecurityIdentity identity;

    @Inject
    Actors actors;

    @Inject
    OrderService orders;

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.RESIDENT, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "A household in supplies' read model with its priority score now (own household; your areas)")
    public HouseholdSupplies get(@PathParam("id") UUID id) {
        Actor actor = actors.of(identity);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT h.code, "
                + "h.status, h.version, h.place_path, (SELECT count(*) FROM person_rm p WHERE p.household_id = h.id), "
                + "(SELECT count(*) FROM person_rm p WHERE p.household_id = h.id AND p.flags && ?::text[]), "
                + "(SELECT count(*) FROM person_rm p WHERE p.household_id = h.id "
                + "AND p.birth_date > current_date - make_interval(years => ?)) FROM household_rm h WHERE h.id = ?")) {
            s.setArray(1, c.createArrayOf("text", Priority.VULNERABLE_FLAGS.toArray()));
            s.setInt(2, Priority.INFANT_UNDER_YEARS);
            s.setObject(3, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound("Household", id);
                }
                boolean own = actor.isResident() && rs.getString(1).equals(actor.caller().household());
                boolean staff = (actor.isStaff() || actor.isPlatformAdmin())
                        && AreaPaths.within(actor.paths(), rs.getString(4));
                if (!own && !staff) {
                    throw ProblemException.notFound("Household", id);
                }
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                Priority.Components priority = Priority.score(new Priority.Candidate(id, null, 1, now, rs.getString(2),
                        rs.getInt(6), rs.getInt(7)), now);
                return new HouseholdSupplies(id, rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(5), priority);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Path("{id}/orders")
    @RolesAllowed({ Roles.RESIDENT, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "A household's orders (your own as a resident; your areas' as staff): the household overview part")
    public PageView<Order> ofHousehold(@PathParam("id") UUID id, @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return orders.ofHousehold(actors.of(identity), id, page, size);
    }
}
