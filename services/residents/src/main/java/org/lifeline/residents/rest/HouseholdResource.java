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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.platform.security.Roles;
import org.lifeline.residents.api.HouseholdRequest;
import org.lifeline.residents.api.HouseholdSummary;
import org.lifeline.residents.api.HouseholdView;
import org.lifeline.platform.api.PageView;
import org.lifeline.residents.api.PersonRequest;
import org.lifeline.residents.api.PersonView;
import org.lifeline.residents.api.StatusChangeView;
import org.lifeline.residents.api.StatusRequest;
import org.lifeline.residents.model.ControlStatus;
import org.lifeline.residents.model.VulnerableFlag;
import org.lifeline.residents.service.HouseholdService;
import org.lifeline.residents.service.Idempotency;
import org.lifeline.residents.service.PersonService;

import java.net.URI;
import java.util.List;
import java.util.UUID;

@Path("/api/residents/households")
@Tag(name = "households")
public class HouseholdResource {

    static final String[] STAFF = { Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN };

    @Inject
    HouseholdService households;

    @Inject
    PersonService persons;

    @Inject
    CallerContext context;

    @Inject
    Idempotency idempotency;

    @Inject
    org.lifeline.residents.service.SurveyService surveys;

    @GET
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Households in your areas, filtered by place subtree, status and vulnerable flag")
    public Uni<PageView<HouseholdSummary>> list(@QueryParam("place") String place, @QueryParam("status") String status,
            @QueryParam("flag") String flag, @Valid @BeanParam PageParams page) {
        var filter = new HouseholdService.Filter(place == null || place.isBlank() ? null : place,
                Params.enumParam("status", status, ControlStatus.class),
                Params.enumParam("flag", flag, VulnerableFlag.class));
        return households.list(context.caller(), filter, page.page, page.size);
    }

    @GET
    @Path("mine")
    @RolesAllowed(Roles.RESIDENT)
    @Operation(summary = "The household of the signed-in resident")
    public Uni<HouseholdView> mine() {
        return households.mine(context.caller());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.RESIDENT, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER, Roles.HOTLINE_OPERATOR, Roles.PLATFORM_ADMIN })
    @Operation(summary = "One household with its members (ID and phone numbers masked)")
    public Uni<HouseholdView> get(@PathParam("id") UUID id) {
        return households.get(context.caller(), id);
    }

    @POST
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Register a household at a unit and room, with its members")
    public Uni<Response> create(@Valid @NotNull HouseholdRequest request,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        var caller = context.caller();
        return idempotency.once(caller, idempotencyKey, "POST /households", request, () -> households.create(caller, request)
                .map(view -> Response.created(URI.create("/api/residents/households/" + view.id())).entity(view).build()));
    }

    @PUT
    @Path("{id}/status")
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER,
            Roles.PLATFORM_ADMIN })
    @Operation(summary = "Change the household's control status (normal, precaution, controlled, sealed)")
    public Uni<HouseholdView> changeStatus(@PathParam("id") UUID id, @Valid @NotNull StatusRequest request) {
        return households.changeStatus(context.caller(), id, request);
    }

    @GET
    @Path("{id}/status-history")
    @RolesAllowed({ Roles.RESIDENT, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER, Roles.HOTLINE_OPERATOR, Roles.PLATFORM_ADMIN })
    @Operation(summary = "The household's control-status history, newest first")
    public Uni<List<StatusChangeView>> history(@PathParam("id") UUID id) {
        return households.history(context.caller(), id);
    }

    @GET
    @Path("{id}/visits")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "The household's door-to-door visits, newest first (the first is the current fact); health "
            + "details only for health roles and each visit's recorder (audited), needs in plain Chinese for others")
    public Uni<List<org.lifeline.residents.api.SurveyApi.VisitView>> visits(@PathParam("id") UUID id) {
        return surveys.history(context.caller(), id, context.requestId());
    }

    @POST
    @Path("{id}/persons")
    @RolesAllowed({ Roles.RESIDENT, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Add a member to the household (residents: to their own household)")
    public Uni<Response> addPerson(@PathParam("id") UUID id, @Valid @NotNull PersonRequest request,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        var caller = context.caller();
        return idempotency.once(caller, idempotencyKey, "POST /households/" + id + "/persons", request,
                () -> persons.add(caller, id, request)
                        .map(view -> Response.created(URI.create("/api/residents/persons/" + view.id())).entity(view).build()));
    }
}
