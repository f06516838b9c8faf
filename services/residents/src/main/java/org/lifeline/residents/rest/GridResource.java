package org.lifeline.residents.rest;

import org.lifeline.residents.config.Texts;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Roles;
import org.lifeline.residents.api.GridApi;
import org.lifeline.residents.service.GridService;

import java.net.URI;
import java.util.List;

/** Grids (网格) and their grid workers. */
@Path("/api/residents/grids")
@Tag(name = "grids")
public class GridResource {

    @Inject
    GridService grids;

    @Inject
    CallerContext context;

    @POST
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Create a grid of a community inside your areas")
    public Uni<Response> create(@Valid @NotNull GridApi.GridRequest request) {
        return grids.create(context.caller(), request)
                .map(view -> Response.created(URI.create("/api/residents/grids?community=" + view.communityCode()))
                        .entity(view).build());
    }

    @PUT
    @Path("{code}/households")
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Put every household under the given places of the grid's community into the grid")
    public Uni<GridApi.GridView> assign(@PathParam("code") String code, @Valid @NotNull GridApi.AssignRequest request) {
        return grids.assign(context.caller(), code, request);
    }

    @GET
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "The grids of a community, with their grid workers and household counts")
    public Uni<List<GridApi.GridView>> list(@QueryParam("community") String community) {
        if (community == null || community.isBlank()) {
            throw ProblemException.invalidField("community", Texts.of("grid-resource.required"));
        }
        return grids.list(context.caller(), community);
    }
}
