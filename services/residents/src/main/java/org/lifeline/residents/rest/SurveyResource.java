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
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.platform.security.Roles;
import org.lifeline.platform.api.PageView;
import org.lifeline.residents.service.Idempotency;
import org.lifeline.residents.api.SurveyApi;
import org.lifeline.residents.service.SurveyService;

import java.net.URI;
import java.util.UUID;

/** The door-to-door survey (敲门行动). */
@Path("/api/residents/surveys")
@Tag(name = "survey")
public class SurveyResource {

    @Inject
    SurveyService surveys;

    @Inject
    CallerContext context;

    @Inject
    Idempotency idempotency;

    @POST
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Open a survey round over an area inside your areas")
    public Uni<Response> open(@Valid @NotNull SurveyApi.RoundRequest request,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        var caller = context.caller();
        return idempotency.once(caller, idempotencyKey, "POST /surveys", request, () -> surveys.open(caller, request)
                .map(view -> Response.created(URI.create("/api/residents/surveys/" + view.id())).entity(view).build()));
    }

    @GET
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Survey rounds over or inside your areas, newest first")
    public Uni<PageView<SurveyApi.RoundView>> list(@Valid @BeanParam PageParams page) {
        return surveys.list(context.caller(), page.page, page.size);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    public Uni<SurveyApi.RoundView> get(@PathParam("id") UUID id) {
        return surveys.get(context.caller(), id);
    }

    @POST
    @Path("{id}/visits")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF })
    @Operation(summary = "Record a visit (or a closed door) for a household of your part of the round")
    public Uni<Response> visit(@PathParam("id") UUID id, @Valid @NotNull SurveyApi.VisitRequest request,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        var caller = context.caller();
        return idempotency.once(caller, idempotencyKey, "POST /surveys/" + id + "/visits", request,
                () -> surveys.record(caller, id, request).map(view -> Response.status(201).entity(view).build()));
    }

    @GET
    @Path("{id}/progress")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Visited / total for your part of the round, per building")
    public Uni<SurveyApi.Progress> progress(@PathParam("id") UUID id) {
        return surveys.progress(context.caller(), id);
    }

    @GET
    @Path("{id}/unvisited")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Households of your part of the round not yet visited (with their last closed door)")
    public Uni<PageView<SurveyApi.Unvisited>> unvisited(@PathParam("id") UUID id, @Valid @BeanParam PageParams page) {
        return surveys.unvisited(context.caller(), id, page.page, page.size);
    }
}
