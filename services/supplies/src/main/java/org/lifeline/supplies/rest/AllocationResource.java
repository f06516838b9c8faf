package org.lifeline.supplies.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.security.Roles;
import org.lifeline.supplies.api.AllocationApi.Decision;
import org.lifeline.supplies.api.AllocationApi.Run;
import org.lifeline.supplies.api.AllocationApi.RunRequest;
import org.lifeline.supplies.service.Actors;
import org.lifeline.supplies.service.AllocationService;

import java.net.URI;
import java.util.UUID;

/** Priority allocation of a community warehouse's stock to its waiting orders, with each decision explained. */
@Path("/api/supplies/allocation-runs")
@Tag(name = "allocation")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class AllocationResource {

    @Inject
    AllocationService allocation;

    @Inject
    SecurityIdentity identity;

    @Inject
    Actors actors;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Allocate a warehouse's (community or compound) stock of an item to its waiting orders by priority score, "
            + "round-robin across buildings")
    public Response run(@Valid @NotNull RunRequest request) {
        Run run = allocation.run(actors.of(identity), request);
        return Response.created(URI.create("/api/supplies/allocation-runs/" + run.id())).entity(run).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.PLATFORM_ADMIN })
    public Run get(@PathParam("id") UUID id) {
        return allocation.get(actors.of(identity), id);
    }

    @GET
    @Path("{id}/decisions")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.PLATFORM_ADMIN })
    @Operation(summary = "The run's decisions in serving order, each with its score's parts and the reason")
    public PageView<Decision> decisions(@PathParam("id") UUID id, @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return allocation.decisions(actors.of(identity), id, page, size);
    }
}
