package org.lifeline.medical.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.medical.api.MedicalApi.AssignRequest;
import org.lifeline.medical.api.MedicalApi.NoteRequest;
import org.lifeline.medical.api.MedicalApi.Notification;
import org.lifeline.medical.api.MedicalApi.RaiseRequest;
import org.lifeline.medical.api.MedicalApi.RequestSummary;
import org.lifeline.medical.api.MedicalApi.RequestView;
import org.lifeline.medical.api.MedicalApi.WhistleRequest;
import org.lifeline.medical.service.EscalationService;
import org.lifeline.medical.service.GreenChannelService;
import org.lifeline.medical.service.RaiseService;
import org.lifeline.medical.service.RequestViews;
import org.lifeline.medical.service.StageService;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.problem.Problems;
import org.lifeline.platform.security.Callers;
import org.lifeline.platform.security.Roles;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * Urgent medical requests. Merchants, labs, logistics partners and volunteers have no access at all (403);
 * residents see their household's requests, staff those of their areas (404 for anything else).
 */
@Path("/api/medical")
@Tag(name = "requests")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class RequestResource {

    static final String[] READERS = { Roles.RESIDENT, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN };

    @Inject
    RaiseService raising;

    @Inject
    StageService stages;

    @Inject
    GreenChannelService greenChannel;

    @Inject
    EscalationService escalation;

    @Inject
    RequestViews views;

    @Inject
    SecurityIdentity identity;

    @Inject
    Callers callers;

    @POST
    @Path("requests")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.RESIDENT, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER })
    @Operation(summary = "Raise an urgent request: a resident for their household, staff for a household of their area "
            + "(householdId). Triage gives the severity; deadlines per stage start now. Accepts Idempotency-Key.")
    public Response raise(@Valid @NotNull RaiseRequest body, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @HeaderParam(Problems.REQUEST_ID_HEADER) String requestId) {
        RequestView view = raising.raise(callers.of(identity), body, blankToNull(idempotencyKey), requestId);
        return Response.created(URI.create("/api/medical/requests/" + view.request().id())).entity(view).build();
    }

    @GET
    @Path("requests")
    @RolesAllowed({ Roles.RESIDENT, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Requests you may see, newest first, without medical details (open ones only by default)")
    public PageView<RequestSummary> list(@QueryParam("open") @DefaultValue("true") boolean open,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return views.list(callers.of(identity), open, page, size);
    }

    @GET
    @Path("requests/{id}")
    @RolesAllowed({ Roles.RESIDENT, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "A request with its deadlines and timeline; medical details whole (audited) for the household, "
            + "health officers and the staff handling it, masked for others")
    public RequestView get(@PathParam("id") UUID id, @HeaderParam(Problems.REQUEST_ID_HEADER) String requestId) {
        return views.view(callers.of(identity), id, requestId);
    }

    @POST
    @Path("requests/{id}/acknowledge")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER })
    @Operation(summary = "Acknowledge: the acknowledgement deadline is met")
    public RequestView acknowledge(@PathParam("id") UUID id, @HeaderParam(Problems.REQUEST_ID_HEADER) String requestId) {
        return stages.acknowledge(callers.of(identity), id, requestId);
    }

    @POST
    @Path("requests/{id}/assignment")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER })
    @Operation(summary = "Assign a hospital department (one place reserved; 409 when full) and a transport; "
            + "a green-channel pass is requested from co-governance")
    public RequestView assign(@PathParam("id") UUID id, @Valid @NotNull AssignRequest body,
            @HeaderParam(Problems.REQUEST_ID_HEADER) String requestId) {
        return greenChannel.assign(callers.of(identity), id, body, requestId);
    }

    @POST
    @Path("requests/{id}/en-route")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER })
    @Operation(summary = "The transport is on its way")
    public RequestView enRoute(@PathParam("id") UUID id, @Valid NoteRequest body,
            @HeaderParam(Problems.REQUEST_ID_HEADER) String requestId) {
        return stages.enRoute(callers.of(identity), id, note(body), requestId);
    }

    @POST
    @Path("requests/{id}/resolve")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER })
    @Operation(summary = "Resolved: every deadline is met; MedicalRequestResolved is published")
    public RequestView resolve(@PathParam("id") UUID id, @Valid NoteRequest body,
            @HeaderParam(Problems.REQUEST_ID_HEADER) String requestId) {
        return stages.resolve(callers.of(identity), id, note(body), requestId);
    }

    @POST
    @Path("requests/{id}/cancel")
    @RolesAllowed({ Roles.RESIDENT, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER })
    @Operation(summary = "Withdraw the request (the household or the staff handling it)")
    public RequestView cancel(@PathParam("id") UUID id, @Valid NoteRequest body,
            @HeaderParam(Problems.REQUEST_ID_HEADER) String requestId) {
        return stages.cancel(callers.of(identity), id, note(body), requestId);
    }

    @POST
    @Path("requests/{id}/discharge")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER })
    @Operation(summary = "The patient of a resolved request left the hospital: its reserved place is given back")
    public RequestView discharge(@PathParam("id") UUID id, @Valid NoteRequest body,
            @HeaderParam(Problems.REQUEST_ID_HEADER) String requestId) {
        return stages.discharge(callers.of(identity), id, note(body), requestId);
    }

    @POST
    @Path("requests/{id}/whistle")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER })
    @Operation(summary = "Blow the whistle (吹哨): escalate one level up now, with a reason")
    public RequestView whistle(@PathParam("id") UUID id, @Valid @NotNull WhistleRequest body,
            @HeaderParam(Problems.REQUEST_ID_HEADER) String requestId) {
        return escalation.whistle(callers.of(identity), id, body.reason(), requestId);
    }

    @GET
    @Path("households/{id}/requests")
    @RolesAllowed({ Roles.RESIDENT, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER, Roles.HOTLINE_OPERATOR, Roles.PLATFORM_ADMIN })
    @Operation(summary = "A household's requests without medical details (the gateway's household overview)")
    public List<RequestSummary> ofHousehold(@PathParam("id") UUID id) {
        return views.ofHousehold(callers.of(identity), id);
    }

    @GET
    @Path("notifications")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Notifications to the places of your areas, newest first (of one request with requestId)")
    public List<Notification> notifications(@QueryParam("requestId") UUID request,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        return views.notifications(callers.of(identity), request, limit);
    }

    private static String note(NoteRequest body) {
        return body == null ? null : body.note();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
