package org.lifeline.cogovernance.rest;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.cogovernance.api.PassApi.IssueRequest;
import org.lifeline.cogovernance.api.PassApi.Pass;
import org.lifeline.cogovernance.api.PassApi.Revocations;
import org.lifeline.cogovernance.api.PassApi.RevokeRequest;
import org.lifeline.cogovernance.api.PassApi.Verification;
import org.lifeline.cogovernance.api.PassApi.VerifyRequest;
import org.lifeline.cogovernance.service.PassKeys;
import org.lifeline.cogovernance.service.PassService;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.security.Callers;
import org.lifeline.platform.security.Roles;

import java.net.URI;
import java.util.UUID;

/** Essential-worker passes (通行证): issue, list, revoke; the public key and revocation list for offline verifiers. */
@Path("/api/cogovernance/passes")
@Tag(name = "passes")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class PassResource {

    @Inject
    PassService passes;

    @Inject
    PassKeys keys;

    @Inject
    SecurityIdentity identity;

    @Inject
    Callers callers;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Issue a signed pass for areas inside yours and a time window; the answer's token is shown as a QR code")
    public Response issue(@Valid @NotNull IssueRequest request) {
        Pass pass = passes.issue(callers.of(identity), request);
        return Response.created(URI.create("/api/cogovernance/passes/" + pass.id())).entity(pass).build();
    }

    @GET
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Passes over your areas, newest first (without their tokens)")
    public PageView<Pass> list(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return passes.list(callers.of(identity), page, size);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    public Pass get(@PathParam("id") UUID id) {
        return passes.get(callers.of(identity), id);
    }

    @POST
    @Path("{id}/revocation")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Revoke a pass (it joins the revocation list until it expires)")
    public Pass revoke(@PathParam("id") UUID id, @Valid @NotNull RevokeRequest request) {
        return passes.revoke(callers.of(identity), id, request.reason());
    }

    @GET
    @Path("jwks.json")
    @PermitAll
    @Operation(summary = "The public key passes are signed with (JWKS, Ed25519); no token needed. Strong ETag; "
            + "If-None-Match answers 304")
    public Response jwks(@Context Request request) {
        return cacheable(request, keys.jwksVersion(), JWKS_MAX_AGE, keys::jwks);
    }

    @GET
    @Path("revocations")
    @PermitAll
    @Operation(summary = "Revoked passes not yet expired, for verifiers to fetch; no token needed. The list's version "
            + "is its strong ETag; If-None-Match answers 304")
    public Response revocations(@Context Request request) {
        Revocations list = passes.revocations();
        return cacheable(request, list.version(), REVOCATIONS_MAX_AGE, () -> list);
    }

    /** How long a checkpoint phone may use the key without asking (it changes only when the key is rotated). */
    static final int JWKS_MAX_AGE = 3600;
    /** How long a phone may use the list without asking: a revocation reaches a connected phone within this. */
    static final int REVOCATIONS_MAX_AGE = 30;

    /**
     * A public document that a shared cache (the ingress, a phone) may keep for {@code maxAge} seconds and then
     * revalidate: the strong ETag is the document's version, a matching If-None-Match gets 304 without a body.
     */
    private static Response cacheable(Request request, String version, int maxAge, java.util.function.Supplier<Object> body) {
        EntityTag tag = new EntityTag(version);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        Response.ResponseBuilder answer = notModified != null ? notModified : Response.ok(body.get());
        return answer.tag(tag).header(HttpHeaders.CACHE_CONTROL, "public, max-age=" + maxAge).build();
    }

    @POST
    @Path("verification")
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    @Operation(summary = "Check a pass at a checkpoint as an offline verifier does (published key and revocation list only)")
    public Verification verify(@Valid @NotNull VerifyRequest request) {
        return passes.verify(request.token(), request.checkpointCode());
    }

}
