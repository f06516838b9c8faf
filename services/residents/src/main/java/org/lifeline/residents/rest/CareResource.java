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
import org.lifeline.platform.security.Roles;
import org.lifeline.residents.api.CareApi;
import org.lifeline.platform.api.PageView;
import org.lifeline.residents.model.VulnerableFlag;
import org.lifeline.residents.service.CareService;


/** The care list (关爱名单): who needs regular contact (contacts are recorded under /persons/{id}/contacts). */
@Path("/api/residents")
@Tag(name = "care")
public class CareResource {

    @Inject
    CareService care;

    @Inject
    CallerContext context;

    @GET
    @Path("care-list")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER })
    @Operation(summary = "Vulnerable persons in your areas, never or longest-ago contacted first; health details of "
            + "the latest visit only for health roles and its recorder (audited), needs in plain Chinese for others")
    public Uni<PageView<CareApi.Entry>> list(@QueryParam("place") String place, @QueryParam("flag") String flag,
            @QueryParam("overdue") boolean overdue, @Valid @BeanParam PageParams page) {
        return care.list(context.caller(), new CareService.Filter(place == null || place.isBlank() ? null : place,
                Params.enumParam("flag", flag, VulnerableFlag.class), overdue), page.page, page.size, context.requestId());
    }
}
