package org.lifeline.supplies.rest;

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
import org.lifeline.platform.security.Roles;
import org.lifeline.supplies.api.HouseholdSupplies;
import org.lifeline.supplies.api.OrderApi.Order;
import org.lifeline.supplies.service.Actors;
import org.lifeline.supplies.service.HouseholdService;
import org.lifeline.supplies.service.OrderService;

import java.util.UUID;

/**
 * A household as supplies knows it from residents' events, with the priority its orders would get now (no names,
 * only counts): the household sees why it is served when it is; staff see the households of their areas.
 */
@Path("/api/supplies/households")
@Tag(name = "orders")
@Blocking
public class HouseholdResource {

    @Inject
    SecurityIdentity identity;

    @Inject
    Actors actors;

    @Inject
    HouseholdService households;

    @Inject
    OrderService orders;

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.RESIDENT, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "A household in supplies' read model with its priority score now (own household; your areas)")
    public HouseholdSupplies get(@PathParam("id") UUID id) {
        return households.get(actors.of(identity), id);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Path("{id}/orders")
    @RolesAllowed({ Roles.RESIDENT, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER, Roles.HOTLINE_OPERATOR, Roles.PLATFORM_ADMIN })
    @Operation(summary = "A household's orders (your own as a resident; your areas' as staff): the household overview part")
    public PageView<Order> ofHousehold(@PathParam("id") UUID id, @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return orders.ofHousehold(actors.of(identity), id, page, size);
    }
}
