package org.lifeline.testing.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.platform.security.Callers;
import org.lifeline.platform.security.Roles;
import org.lifeline.testing.api.SiteApi.MyTesting;
import org.lifeline.testing.service.MyTestingService;


/** A resident's own testing: their building's slot and each member's check-in code. */
@Path("/api/testing/me")
@Tag(name = "sites")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class MeResource {

    @Inject
    MyTestingService mine;

    @Inject
    SecurityIdentity identity;

    @Inject
    Callers callers;

    @GET
    @RolesAllowed(Roles.RESIDENT)
    @Operation(summary = "Your household's open campaigns: your building's slot, each member's state and check-in code (QR)")
    public MyTesting mine() {
        return mine.mine(callers.of(identity));
    }
}
