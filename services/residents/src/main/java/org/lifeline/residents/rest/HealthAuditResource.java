package org.lifeline.residents.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.security.Roles;
import org.lifeline.residents.api.HealthDetailAccessView;
import org.lifeline.residents.service.HealthDetails;

import java.util.Arrays;
import java.util.UUID;

/** Read-only view of who read survey visits' health details. There is no endpoint to change it. */
@Path("/api/residents/audit/health-details")
@Tag(name = "audit")
public class HealthAuditResource {

    @Inject
    HealthDetails health;

    @Inject
    CallerContext context;

    @GET
    @RolesAllowed({ Roles.PLATFORM_ADMIN, Roles.DISTRICT_OFFICER })
    @Operation(summary = "Who read health details of survey visits in your areas (all of it for platform admins), "
            + "newest first")
    public Uni<PageView<HealthDetailAccessView>> list(@QueryParam("household") UUID household,
            @Valid @BeanParam PageParams page) {
        return health.list(context.caller(), household, page.page, page.size).map(p -> PageView.of(p.items().stream()
                .map(a -> new HealthDetailAccessView(a.id, a.accessedAt, a.actorSubject, a.actorUsername,
                        Arrays.asList(a.actorRoles.split(",")), a.householdId,
                        Arrays.stream(a.visitIds.split(",")).map(Long::valueOf).toList(), a.source, a.reason,
                        a.requestId))
                .toList(), p.page(), p.size(), p.totalItems()));
    }
}
