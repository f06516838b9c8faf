package org.lifeline.residents.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.platform.security.Roles;
import org.lifeline.platform.api.PageView;
import org.lifeline.residents.service.Idempotency;
import org.lifeline.residents.api.PlaceRequest;
import org.lifeline.residents.api.PlaceView;
import org.lifeline.residents.service.PlaceService;

import java.net.URI;

@Path("/api/residents/places")
@Tag(name = "places")
public class PlaceResource {

    @Inject
    PlaceService places;

    @Inject
    CallerContext context;

    @Inject
    Idempotency idempotency;

    @GET
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.HOTLINE_OPERATOR, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Children of a place (or your own area places when parent is omitted)")
    public Uni<PageView<PlaceView>> list(@QueryParam("parent") String parent, @Valid @BeanParam PageParams page) {
        return places.children(context.caller(), parent, page.page, page.size);
    }

    @GET
    @Path("{code}")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.HOTLINE_OPERATOR, Roles.PLATFORM_ADMIN })
    @Operation(summary = "One place inside your areas")
    public Uni<PlaceView> get(@PathParam("code") String code) {
        return places.get(context.caller(), code);
    }

    @jakarta.ws.rs.PATCH
    @Path("{code}")
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Rename a place and/or move it, with everything under it, to another parent inside your areas")
    public Uni<PlaceView> change(@PathParam("code") String code,
            @Valid @NotNull org.lifeline.residents.api.PlaceChangeRequest request) {
        return places.change(context.caller(), code, request);
    }

    @POST
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Create a place under a parent inside your areas")
    public Uni<Response> create(@Valid @NotNull PlaceRequest request,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        var caller = context.caller();
        return idempotency.once(caller, idempotencyKey, "POST /places", request, () -> places.create(caller, request)
                .map(view -> Response.created(URI.create("/api/residents/places/" + view.code())).entity(view).build()));
    }
}
