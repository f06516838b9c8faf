package org.lifeline.cogovernance.rest;

import io.quarkus.security.Authenticated;
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
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.cogovernance.api.PartnerApi.ApplyRequest;
import org.lifeline.cogovernance.api.PartnerApi.Approval;
import org.lifeline.cogovernance.api.PartnerApi.Credentials;
import org.lifeline.cogovernance.api.PartnerApi.DecisionRequest;
import org.lifeline.cogovernance.api.PartnerApi.Partner;
import org.lifeline.cogovernance.api.PartnerApi.SuspendRequest;
import org.lifeline.cogovernance.config.Texts;
import org.lifeline.cogovernance.service.PartnerService;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Callers;
import org.lifeline.platform.security.Roles;

import java.net.URI;
import java.util.UUID;

/** Partner enterprises: apply, approval (creates their OAuth client), secret rotation, suspension; a partner's own view. */
@Path("/api/cogovernance/partners")
@Tag(name = "partners")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class PartnerResource {

    @Inject
    PartnerService partners;

    @Inject
    SecurityIdentity identity;

    @Inject
    Callers callers;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    @Operation(summary = "Apply as a partner enterprise (merchant, lab, logistics) for areas; a district officer decides")
    public Response apply(@Valid @NotNull ApplyRequest request) {
        Partner partner = partners.apply(callers.of(identity), request);
        return Response.created(URI.create("/api/cogovernance/partners/" + partner.id())).entity(partner).build();
    }

    @GET
    @RolesAllowed({ Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Partners serving your areas, newest application first")
    public PageView<Partner> list(@QueryParam("status") @DefaultValue("all") @Pattern(regexp = "applied|approved|rejected|suspended|all") String status,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return partners.list(callers.of(identity), status, page, size);
    }

    @GET
    @Path("me")
    @RolesAllowed({ Roles.MERCHANT, Roles.LAB, Roles.LOGISTICS })
    @Operation(summary = "The calling partner (client credentials token); 403 when suspended, even with an unexpired token")
    public Partner me() {
        return partners.self(clientId(), identity.getRoles());
    }

    @GET
    @Path("me/notifications")
    @RolesAllowed({ Roles.MERCHANT, Roles.LAB, Roles.LOGISTICS })
    @Operation(summary = "Your notifications: an area you serve entered emergency mode")
    public java.util.List<org.lifeline.cogovernance.api.VolunteerApi.Notification> notifications() {
        return partners.notifications(partners.self(clientId(), identity.getRoles()));
    }

    @POST
    @Path("me/secret")
    @RolesAllowed({ Roles.MERCHANT, Roles.LAB, Roles.LOGISTICS })
    @Operation(summary = "Rotate your own client secret: the answer holds the new one, the old one stops working")
    public Credentials rotateOwn() {
        return partners.rotate(partners.self(clientId(), identity.getRoles()));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    public Partner get(@PathParam("id") UUID id) {
        return partners.visible(callers.of(identity), id);
    }

    @POST
    @Path("{id}/decision")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Approve (creates the partner's confidential client in Keycloak; the secret is shown once) or reject")
    public Approval decide(@PathParam("id") UUID id, @Valid @NotNull DecisionRequest request) {
        return partners.decide(callers.of(identity), id, request.decision(), request.note());
    }

    @POST
    @Path("{id}/secret")
    @RolesAllowed({ Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Rotate a partner's client secret (e.g. when it was leaked)")
    public Credentials rotate(@PathParam("id") UUID id) {
        return partners.rotate(partners.visible(callers.of(identity), id));
    }

    @POST
    @Path("{id}/suspension")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Suspend a partner: its client is disabled and its calls are refused")
    public Partner suspend(@PathParam("id") UUID id, @Valid @NotNull SuspendRequest request) {
        return partners.setSuspended(callers.of(identity), id, true, request.reason());
    }

    @POST
    @Path("{id}/reinstatement")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    public Partner reinstate(@PathParam("id") UUID id, @Valid @NotNull SuspendRequest request) {
        return partners.setSuspended(callers.of(identity), id, false, request.reason());
    }

    private String clientId() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getClaim("azp") != null) {
            return String.valueOf((Object) jwt.getClaim("azp")).replace("\"", "");
        }
        throw ProblemException.forbidden(Texts.of("partner.client-token-only"));
    }
}
