package org.lifeline.cogovernance.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import org.lifeline.cogovernance.api.VolunteerApi.Notification;
import org.lifeline.cogovernance.api.VolunteerApi.RegisterRequest;
import org.lifeline.cogovernance.api.VolunteerApi.VettingRequest;
import org.lifeline.cogovernance.api.VolunteerApi.Volunteer;
import org.lifeline.cogovernance.service.VolunteerService;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.security.Callers;
import org.lifeline.platform.security.Roles;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Volunteers: register, vetting by community staff, the reserve of an area; personal data masked for other volunteers. */
@Path("/api/cogovernance/volunteers")
@Tag(name = "volunteers")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class VolunteerResource {

    @Inject
    VolunteerService volunteers;

    @Inject
    SecurityIdentity identity;

    @Inject
    Callers callers;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.VOLUNTEER)
    @Operation(summary = "Register yourself as a volunteer: skills, availability, home area (pending until vetted)")
    public Response register(@Valid @NotNull RegisterRequest request) {
        Volunteer volunteer = volunteers.register(callers.of(identity), request);
        return Response.created(URI.create("/api/cogovernance/volunteers/" + volunteer.id())).entity(volunteer).build();
    }

    @GET
    @Path("me")
    @RolesAllowed(Roles.VOLUNTEER)
    public Volunteer me() {
        return volunteers.mine(callers.of(identity));
    }

    @GET
    @Path("me/notifications")
    @RolesAllowed(Roles.VOLUNTEER)
    @Operation(summary = "Your notifications (an area you serve entered emergency mode)")
    public List<Notification> notifications() {
        return volunteers.notifications(callers.of(identity));
    }

    @GET
    @RolesAllowed({ Roles.VOLUNTEER, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.PLATFORM_ADMIN })
    @Operation(summary = "Volunteers whose home area is inside your areas (other volunteers see names and phones masked)")
    public PageView<Volunteer> list(@QueryParam("status") @DefaultValue("all") @Pattern(regexp = "pending|vetted|rejected|all") String status,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return volunteers.list(callers.of(identity), status, page, size);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.VOLUNTEER, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.PLATFORM_ADMIN })
    public Volunteer get(@PathParam("id") UUID id) {
        return volunteers.get(callers.of(identity), id);
    }

    @POST
    @Path("{id}/vetting")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.COMMUNITY_STAFF)
    @Operation(summary = "Vet or reject a registration of your community")
    public Volunteer vet(@PathParam("id") UUID id, @Valid @NotNull VettingRequest request) {
        return volunteers.vet(callers.of(identity), id, request.decision(), request.note());
    }
}
