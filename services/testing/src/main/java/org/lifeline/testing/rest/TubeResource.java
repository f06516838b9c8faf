package org.lifeline.testing.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.platform.security.Callers;
import org.lifeline.platform.security.Roles;
import org.lifeline.testing.api.CampaignApi.Sample;
import org.lifeline.testing.api.CampaignApi.SampleRequest;
import org.lifeline.testing.api.CampaignApi.Tube;
import org.lifeline.testing.service.CheckInService;
import org.lifeline.testing.service.TubeService;

/** Tubes at a site: check a person in (their sample into the tube), seal. */
@Path("/api/testing/tubes")
@Tag(name = "tubes")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class TubeResource {

    @Inject
    TubeService tubes;

    @Inject
    CheckInService checkIns;

    @Inject
    SecurityIdentity identity;

    @Inject
    Callers callers;

    @GET
    @Path("{barcode}")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    public Tube get(@PathParam("barcode") String barcode) {
        return tubes.getTube(callers.of(identity), barcode);
    }

    @POST
    @Path("{barcode}/samples")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.HEALTH_OFFICER })
    @Operation(summary = "Check a person in: their sample into this tube (201); a tube that becomes full is sealed")
    public Response addSample(@PathParam("barcode") String barcode, @Valid @NotNull SampleRequest request) {
        Sample sample = checkIns.addSample(callers.of(identity), barcode, request.personId(), request.code());
        return Response.status(Response.Status.CREATED).entity(sample).build();
    }

    @POST
    @Path("{barcode}/seal")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.HEALTH_OFFICER })
    @Operation(summary = "Seal a tube before it is full (end of a session)")
    public Tube seal(@PathParam("barcode") String barcode) {
        return tubes.seal(callers.of(identity), barcode);
    }
}
