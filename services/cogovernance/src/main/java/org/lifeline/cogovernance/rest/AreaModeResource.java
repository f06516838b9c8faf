package org.lifeline.cogovernance.rest;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.cogovernance.api.AreaModeApi.AreaMode;
import org.lifeline.cogovernance.api.AreaModeApi.ChangeRequest;
import org.lifeline.cogovernance.service.AreaModeService;
import org.lifeline.platform.security.Callers;
import org.lifeline.platform.security.Roles;

/** Emergency mode per area: normal → emergency → recovery → normal, with who, when and why. */
@Path("/api/cogovernance/areas/{code}/mode")
@Tag(name = "areas")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class AreaModeResource {

    @Inject
    AreaModeService modes;

    @Inject
    SecurityIdentity identity;

    @Inject
    Callers callers;

    @GET
    @Authenticated
    @Operation(summary = "The area's mode now and its recent changes")
    public AreaMode get(@PathParam("code") String code) {
        return modes.get(code);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Change the mode of an area inside yours (with a reason); entering emergency notifies its reserve "
            + "volunteers and partners; publishes AreaModeChanged")
    public AreaMode change(@PathParam("code") String code, @Valid @NotNull ChangeRequest request) {
        return modes.change(callers.of(identity), code, request.mode(), request.reason());
    }
}
