package org.lifeline.hotline.rest;

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
import org.lifeline.hotline.api.HotlineApi;
import org.lifeline.hotline.api.HotlineApi.Callback;
import org.lifeline.hotline.api.HotlineApi.CallbackRequest;
import org.lifeline.hotline.api.HotlineApi.ContactRequest;
import org.lifeline.hotline.api.HotlineApi.FollowUpRequest;
import org.lifeline.hotline.api.HotlineApi.MergeRequest;
import org.lifeline.hotline.api.HotlineApi.MyContactRequest;
import org.lifeline.hotline.api.HotlineApi.OwnerReport;
import org.lifeline.hotline.api.HotlineApi.ReassignRequest;
import org.lifeline.hotline.api.HotlineApi.ResolveRequest;
import org.lifeline.hotline.api.HotlineApi.SplitRequest;
import org.lifeline.hotline.api.HotlineApi.TextRequest;
import org.lifeline.hotline.api.HotlineApi.TicketSummary;
import org.lifeline.hotline.api.HotlineApi.TicketView;
import org.lifeline.hotline.api.HotlineApi.WaitRequest;
import org.lifeline.hotline.model.Tickets;
import org.lifeline.hotline.service.IntakeService;
import org.lifeline.hotline.service.MergeService;
import org.lifeline.hotline.service.TicketViews;
import org.lifeline.hotline.service.TicketWork;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.idempotency.JdbcIdempotency;
import org.lifeline.platform.problem.Problems;
import org.lifeline.platform.security.Callers;
import org.lifeline.platform.security.Roles;

import java.util.List;
import java.util.UUID;

/**
 * Tickets (工单): intake from operators, staff, grid workers and residents, the queue, one ticket with its timeline,
 * the steps of handling it, callbacks, follow-up, merge / unmerge / split, the owners' report. Residents see their
 * household's tickets; handlers those of their areas (404 for anything else).
 */
@Path("/api/hotline")
@Tag(name = "tickets")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class TicketResource {

    static final String OPERATOR = Tickets.HOTLINE_OPERATOR;

    @Inject
    IntakeService intake;

    @Inject
    TicketViews views;

    @Inject
    TicketWork work;

    @Inject
    MergeService merges;

    @Inject
    SecurityIdentity identity;

    @Inject
    Callers callers;

    @POST
    @Path("contacts")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ OPERATOR, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.PLATFORM_ADMIN })
    @Operation(summary = "A contact for a household of your areas: opens its ticket in the category (201), or adds to "
            + "the open one (200, merged: true). Accepts Idempotency-Key.")
    public Response contact(@Valid @NotNull ContactRequest body, @HeaderParam(JdbcIdempotency.HEADER) String key) {
        return intake.contact(callers.of(identity), body, blankToNull(key));
    }

    @POST
    @Path("my/contacts")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.RESIDENT)
    @Operation(summary = "A resident's own contact (portal): household from the token. Accepts Idempotency-Key.")
    public Response myContact(@Valid @NotNull MyContactRequest body, @HeaderParam(JdbcIdempotency.HEADER) String key) {
        return intake.myContact(callers.of(identity), body, blankToNull(key));
    }

    @GET
    @Path("my/tickets")
    @RolesAllowed(Roles.RESIDENT)
    @Operation(summary = "Your household's tickets, newest first")
    public List<TicketSummary> mine() {
        return views.mine(callers.of(identity));
    }

    @GET
    @Path("tickets")
    @RolesAllowed({ OPERATOR, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.PLATFORM_ADMIN })
    @Operation(summary = "The queue of your areas (or of one place in them), earliest deadline first; status open means "
            + "open or waiting")
    public PageView<TicketSummary> queue(@QueryParam("status") @Pattern(regexp = "open|waiting|resolved|closed|merged") String status,
            @QueryParam("category") @Pattern(regexp = HotlineApi.CATEGORY) String category, @QueryParam("place") String place,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return views.queue(callers.of(identity), status, category, place, page, size);
    }

    @GET
    @Path("tickets/{id}")
    @RolesAllowed({ Roles.RESIDENT, OPERATOR, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "A ticket with its contacts, timeline and callbacks; text masked unless reveal=true (audited), "
            + "whole for the household (audited)")
    public TicketView get(@PathParam("id") UUID id, @QueryParam("reveal") @DefaultValue("false") boolean reveal,
            @HeaderParam(Problems.REQUEST_ID_HEADER) String requestId) {
        return views.view(callers.of(identity), id, reveal, requestId);
    }

    @GET
    @Path("households/{id}/tickets")
    @RolesAllowed({ Roles.RESIDENT, OPERATOR, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "A household's open tickets without text (the gateway's household overview)")
    public List<TicketSummary> ofHousehold(@PathParam("id") UUID id) {
        return views.ofHousehold(callers.of(identity), id);
    }

    @POST
    @Path("tickets/{id}/claim")
    @RolesAllowed({ OPERATOR, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Take the ticket (the first response, if none yet)")
    public TicketView claim(@PathParam("id") UUID id) {
        return work.claim(callers.of(identity), id);
    }

    @POST
    @Path("tickets/{id}/reply")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ OPERATOR, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Answer the household (on the timeline)")
    public TicketView reply(@PathParam("id") UUID id, @Valid @NotNull TextRequest body) {
        return work.reply(callers.of(identity), id, body.text());
    }

    @POST
    @Path("tickets/{id}/wait")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ OPERATOR, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Wait on the resident: the clock pauses until resume (or the household gets in touch)")
    public TicketView waitOnResident(@PathParam("id") UUID id, @Valid @NotNull WaitRequest body) {
        return work.waitOnResident(callers.of(identity), id, body.reason());
    }

    @POST
    @Path("tickets/{id}/resume")
    @RolesAllowed({ OPERATOR, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Resume a waiting ticket: its deadlines move by the time it waited")
    public TicketView resume(@PathParam("id") UUID id) {
        return work.resume(callers.of(identity), id);
    }

    @POST
    @Path("tickets/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ OPERATOR, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Resolved, with a summary; TicketResolved is published")
    public TicketView resolve(@PathParam("id") UUID id, @Valid @NotNull ResolveRequest body) {
        return work.resolve(callers.of(identity), id, body.summary());
    }

    @POST
    @Path("tickets/{id}/reassign")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ OPERATOR, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Another owner: a place code on the household's path (community, street, district or city)")
    public TicketView reassign(@PathParam("id") UUID id, @Valid @NotNull ReassignRequest body) {
        return work.reassign(callers.of(identity), id, body.owner());
    }

    @POST
    @Path("tickets/{id}/callbacks")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ OPERATOR, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Promise a callback by dueAt; missed, it escalates the ticket")
    public TicketView scheduleCallback(@PathParam("id") UUID id, @Valid @NotNull CallbackRequest body) {
        return work.scheduleCallback(callers.of(identity), id, body);
    }

    @POST
    @Path("tickets/{id}/follow-up")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.RESIDENT, OPERATOR, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.PLATFORM_ADMIN })
    @Operation(summary = "The follow-up (回访) of a resolved ticket: rating 1..5; the ticket is closed")
    public TicketView followUp(@PathParam("id") UUID id, @Valid @NotNull FollowUpRequest body) {
        return work.followUp(callers.of(identity), id, body.rating(), body.comment());
    }

    @POST
    @Path("tickets/{id}/merge")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ OPERATOR, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Merge this ticket into another of the same household: its contacts move there; undo with unmerge")
    public TicketView merge(@PathParam("id") UUID id, @Valid @NotNull MergeRequest body) {
        return merges.merge(callers.of(identity), id, body.into());
    }

    @POST
    @Path("tickets/{id}/unmerge")
    @RolesAllowed({ OPERATOR, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Undo the merge of this (merged) ticket: both tickets as they were before it")
    public TicketView unmerge(@PathParam("id") UUID id) {
        return merges.unmerge(callers.of(identity), id);
    }

    @POST
    @Path("tickets/{id}/split")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ OPERATOR, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Move some contacts to a new ticket of another category (201, the new ticket)")
    public Response split(@PathParam("id") UUID id, @Valid @NotNull SplitRequest body) {
        TicketView created = merges.split(callers.of(identity), id, body.contactIds(), body.category());
        return Response.created(java.net.URI.create("/api/hotline/tickets/" + created.ticket().id())).entity(created).build();
    }

    @POST
    @Path("callbacks/{id}/done")
    @RolesAllowed({ OPERATOR, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "The callback was made")
    public TicketView callbackDone(@PathParam("id") UUID id) {
        return work.callbackDone(callers.of(identity), id);
    }

    @GET
    @Path("callbacks")
    @RolesAllowed({ OPERATOR, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Scheduled callbacks of your areas, earliest deadline first")
    public List<Callback> callbacks(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        return views.callbacks(callers.of(identity), limit);
    }

    @GET
    @Path("reports/owners")
    @RolesAllowed({ OPERATOR, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Response, resolution and satisfaction rates per owner, inside your areas (or one place)")
    public List<OwnerReport> owners(@QueryParam("place") String place) {
        return views.owners(callers.of(identity), place);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
