package org.lifeline.testing.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.platform.security.Callers;
import org.lifeline.platform.security.Roles;
import org.lifeline.testing.api.HouseholdApi.HouseholdTesting;
import org.lifeline.testing.service.HouseholdService;

import java.util.UUID;

/**
 * A household as testing knows it, from its read model: the part the gateway's household overview
 * asks for ({@code GET /api/testing/households/{id}}). Test results join it as the service grows.
 */
@Path("/api/testing/households")
@Tag(name = "households")
@Blocking
public class HouseholdResource {

    @Inject
    HouseholdService households;

    @Inject
    SecurityIdentity identity;

    @Inject
    Callers callers;

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.RESIDENT, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER, Roles.HOTLINE_OPERATOR, Roles.PLATFORM_ADMIN })
    @Operation(summary = "A household in testing's read model (own household for residents; your areas for staff and hotline operators)")
    public HouseholdTesting get(@PathParam("id") UUID id) {
        return households.get(callers.of(identity), id);
    }
}
