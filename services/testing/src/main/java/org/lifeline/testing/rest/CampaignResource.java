package org.lifeline.testing.rest;

import org.lifeline.platform.api.PageView;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.NotNull;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ws.rs.PUT;
import org.lifeline.testing.api.SiteApi.MoveRequest;
import org.lifeline.testing.api.SiteApi.Schedule;
import org.lifeline.testing.api.SiteApi.ScheduleRequest;
import org.lifeline.testing.api.SiteApi.Site;
import org.lifeline.testing.api.SiteApi.SiteRequest;
import org.lifeline.testing.api.SiteApi.Slot;
import org.lifeline.platform.security.Callers;
import org.lifeline.platform.security.Roles;
import org.lifeline.testing.api.CampaignApi.Campaign;
import org.lifeline.testing.api.CampaignApi.CampaignRequest;
import org.lifeline.testing.api.CampaignApi.Coverage;
import org.lifeline.testing.api.CampaignApi.Tube;
import org.lifeline.testing.api.CampaignApi.TubeRequest;
import org.lifeline.testing.api.CampaignApi.HomeVisit;
import org.lifeline.testing.api.CampaignApi.Untested;
import org.lifeline.testing.service.CampaignService;
import org.lifeline.testing.service.CoverageService;
import org.lifeline.testing.service.SiteService;
import org.lifeline.testing.service.TubeService;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Testing rounds (核酸检测轮次) over an area: create, list, coverage, the untested, and their tubes. */
@Path("/api/testing/campaigns")
@Tag(name = "campaigns")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class CampaignResource {

    @Inject
    CampaignService campaigns;

    @Inject
    CoverageService coverage;

    @Inject
    TubeService tubes;

    @Inject
    SiteService sites;

    @Inject
    SecurityIdentity identity;

    @Inject
    Callers callers;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER,
            Roles.PLATFORM_ADMIN })
    @Operation(summary = "Open a campaign over a place inside your areas (and everything under it)")
    public Response create(@Valid @NotNull CampaignRequest request) {
        Campaign campaign = campaigns.create(callers.of(identity), request);
        return Response.created(URI.create("/api/testing/campaigns/" + campaign.id())).entity(campaign).build();
    }

    @GET
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.HOTLINE_OPERATOR, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Campaigns over or inside your areas, newest test date first")
    public PageView<Campaign> list(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return campaigns.list(callers.of(identity), page, size);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.HOTLINE_OPERATOR, Roles.PLATFORM_ADMIN })
    public Campaign get(@PathParam("id") UUID id) {
        return campaigns.get(callers.of(identity), id);
    }

    @GET
    @Path("{id}/coverage")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Expected, tested, untested, exempt and at-home persons of your part of the campaign, "
            + "in all, per building and per grid")
    public Coverage coverage(@PathParam("id") UUID id) {
        return coverage.coverage(callers.of(identity), id);
    }

    @GET
    @Path("{id}/untested")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Persons of your part not tested yet (exempt ones left out), by address; optional building "
            + "code and grid code (none: households without a grid)")
    public PageView<Untested> untested(@PathParam("id") UUID id, @QueryParam("building") String building,
            @QueryParam("grid") String grid,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return coverage.untested(callers.of(identity), id, building, grid, page, size);
    }

    @GET
    @Path("{id}/home-visits")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Door-to-door sampling tasks (上门采样): bedridden persons of your part, pending, done or all")
    public PageView<HomeVisit> homeVisits(@PathParam("id") UUID id,
            @QueryParam("status") @DefaultValue("pending") @Pattern(regexp = "pending|done|all") String status,
            @QueryParam("building") String building, @QueryParam("grid") String grid,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return coverage.homeVisits(callers.of(identity), id, status, building, grid, page, size);
    }

    @POST
    @Path("{id}/tubes")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.HEALTH_OFFICER })
    @Operation(summary = "Open a tube at a site: single, or pooled up to the campaign's pool size")
    public Response openTube(@PathParam("id") UUID id, @Valid @NotNull TubeRequest request) {
        Tube tube = tubes.openTube(callers.of(identity), id, request);
        return Response.created(URI.create("/api/testing/tubes/" + tube.barcode())).entity(tube).build();
    }

    @POST
    @Path("{id}/sites")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER })
    @Operation(summary = "A sampling site of the campaign: lanes, capacity per hour, slot length, opening hours")
    public Response create(@PathParam("id") UUID campaign, @Valid @NotNull SiteRequest request) {
        Site site = sites.create(callers.of(identity), campaign, request);
        return Response.created(URI.create("/api/testing/campaigns/" + campaign + "/sites/" + site.id())).entity(site).build();
    }

    @POST
    @Path("{id}/schedule")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER })
    @Operation(summary = "Give the buildings of your part (not scheduled yet, or those named) slots at a site, "
            + "never more persons per slot than the site takes")
    public Schedule schedule(@PathParam("id") UUID campaign, @Valid @NotNull ScheduleRequest request) {
        return sites.schedule(callers.of(identity), campaign, request);
    }

    @GET
    @Path("{id}/slots")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.HOTLINE_OPERATOR, Roles.PLATFORM_ADMIN })
    @Operation(summary = "The slots of the buildings of your part, by start")
    public List<Slot> slots(@PathParam("id") UUID campaign) {
        return sites.slots(callers.of(identity), campaign);
    }

    @PUT
    @Path("{id}/slots/{building}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER })
    @Operation(summary = "Move a building to another start (and site); 409 if that site cannot take it then")
    public Slot move(@PathParam("id") UUID campaign, @PathParam("building") String building,
            @Valid @NotNull MoveRequest request) {
        return sites.move(callers.of(identity), campaign, building, request);
    }

}
