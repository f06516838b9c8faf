package org.lifeline.medical.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.medical.api.MedicalApi.CapacityRequest;
import org.lifeline.medical.api.MedicalApi.Hospital;
import org.lifeline.medical.api.MedicalApi.HospitalRequest;
import org.lifeline.medical.api.MedicalApi.Preferences;
import org.lifeline.medical.api.MedicalApi.PreferencesRequest;
import org.lifeline.medical.service.HospitalService;
import org.lifeline.platform.security.Callers;
import org.lifeline.platform.security.Roles;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Hospitals, their departments and capacity: kept by health officers, read by any staff. */
@Path("/api/medical/hospitals")
@Tag(name = "hospitals")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class HospitalResource {

    @Inject
    HospitalService hospitals;

    @Inject
    SecurityIdentity identity;

    @Inject
    Callers callers;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.HEALTH_OFFICER)
    @Operation(summary = "A hospital in your area with its departments and capacity")
    public Response create(@Valid @NotNull HospitalRequest body) {
        Hospital h = hospitals.create(callers.of(identity), body);
        return Response.created(URI.create("/api/medical/hospitals/" + h.id())).entity(h).build();
    }

    @GET
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Hospitals with each department's capacity, reserved and free places")
    public List<Hospital> list() {
        return hospitals.list();
    }

    @PUT
    @Path("{id}/departments/{kind}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.HEALTH_OFFICER)
    @Operation(summary = "Set a department's capacity (adds the department if new); never below what is reserved (409)")
    public Hospital capacity(@PathParam("id") UUID id,
            @PathParam("kind") @Pattern(regexp = "dialysis|maternity|emergency|cardiology|oncology|pediatrics|psychiatry|general") String kind,
            @Valid @NotNull CapacityRequest body) {
        return hospitals.capacity(callers.of(identity), id, kind, body.capacity());
    }

    @GET
    @Path("preferences/{communityCode}")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "The order in which the community's requests go to hospitals (first the first)")
    public Preferences preferences(@PathParam("communityCode") @Pattern(regexp = "[0-9A-Za-z-]{1,64}",
            message = "{lifeline.place-code}") String community) {
        return hospitals.preferences(callers.of(identity), community);
    }

    @PUT
    @Path("preferences/{communityCode}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.HEALTH_OFFICER)
    @Operation(summary = "Set the order of the community's hospitals (replaced as a whole): after a refusal the request "
            + "goes to the first one with a free place in the same kind of department")
    public Preferences setPreferences(@PathParam("communityCode") @Pattern(regexp = "[0-9A-Za-z-]{1,64}",
            message = "{lifeline.place-code}") String community, @Valid @NotNull PreferencesRequest body) {
        return hospitals.setPreferences(callers.of(identity), community, body.hospitalIds());
    }
}
