package org.lifeline.residents.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.platform.security.Roles;
import org.lifeline.residents.api.PhoneLookupApi;
import org.lifeline.residents.service.PhoneLookup;

import java.util.List;

/** Lookups for the hotline. */
@Path("/api/residents/lookup")
@Tag(name = "lookup")
public class LookupResource {

    @Inject
    PhoneLookup lookup;

    @Inject
    CallerContext context;

    /** A POST so the number stays out of URLs and access logs. */
    @POST
    @Path("phone")
    @RolesAllowed(Roles.HOTLINE_OPERATOR)
    @Operation(summary = "The households with a member of this phone number (any format: +86, 0086, spaces, dashes); "
            + "hotline operators in their areas, the hotline's service account city-wide; every match audited")
    public Uni<List<PhoneLookupApi.Match>> byPhone(@Valid @NotNull PhoneLookupApi.Request request) {
        return lookup.byPhone(context.caller(), context.clientId(), request.phone(), context.requestId());
    }
}
