package org.lifeline.hotline.rest;

import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.lifeline.hotline.api.HotlineApi.AssignRequest;
import org.lifeline.hotline.api.HotlineApi.UnmatchedMessage;
import org.lifeline.platform.security.Callers;
import org.lifeline.hotline.api.HotlineApi.WebhookResult;
import org.lifeline.hotline.model.Tickets;
import org.lifeline.hotline.service.WebhookService;
import org.lifeline.platform.security.Roles;

import java.util.List;

/**
 * The SMS / WeChat gateway's webhook. Public (no token: the gateway's public path), authenticated by its HMAC
 * signature instead ({@code WebhookSignature}); the body is read as sent, since the signature is over its bytes.
 */
@Path("/api/hotline")
@Tag(name = "webhook")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class WebhookResource {

    @Inject
    WebhookService webhooks;

    @Inject
    SecurityIdentity identity;

    @Inject
    Callers callers;

    @POST
    @Path("webhooks/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    @Operation(summary = "A message the SMS / WeChat gateway received, HMAC-signed (X-Lifeline-Signature: sha256=<hex> of "
            + "timestamp.body, X-Lifeline-Timestamp epoch seconds within 5 min); matched to a household by phone, else kept "
            + "unmatched; a repeated messageId is a no-op")
    public WebhookResult receive(String body, @HeaderParam("X-Lifeline-Timestamp") String timestamp,
            @HeaderParam("X-Lifeline-Signature") String signature) {
        return webhooks.receive(timestamp, signature, body);
    }

    @POST
    @Path("messages/{messageId}/assign")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Tickets.HOTLINE_OPERATOR, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.PLATFORM_ADMIN })
    @Operation(summary = "Put an unmatched message on a household of your areas: its ticket in the category (201 opened, "
            + "200 added); 409 when the message is not unmatched")
    public Response assign(@PathParam("messageId") String messageId, @Valid @NotNull AssignRequest body) {
        return webhooks.assign(callers.of(identity), messageId, body.householdId(), body.category());
    }

    @GET
    @Path("messages/unmatched")
    @RolesAllowed({ Tickets.HOTLINE_OPERATOR, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.PLATFORM_ADMIN })
    @Operation(summary = "Webhook messages no household was found for, oldest first, the sender's number masked")
    public List<UnmatchedMessage> unmatched(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        return webhooks.unmatched(limit);
    }
}
