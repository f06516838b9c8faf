package org.lifeline.cogovernance.rest;

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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.cogovernance.api.TaskApi.CompletionRequest;
import org.lifeline.cogovernance.api.TaskApi.PostRequest;
import org.lifeline.cogovernance.api.TaskApi.ReportRequest;
import org.lifeline.cogovernance.api.TaskApi.Task;
import org.lifeline.cogovernance.api.TaskApi.VolunteerHours;
import org.lifeline.cogovernance.service.TaskService;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.security.Callers;
import org.lifeline.platform.security.Roles;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** The task board: staff post, tasks arrive as events, vetted volunteers of the area claim and report. */
@Path("/api/cogovernance/tasks")
@Tag(name = "tasks")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class TaskResource {

    @Inject
    TaskService tasks;

    @Inject
    SecurityIdentity identity;

    @Inject
    Callers callers;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER })
    @Operation(summary = "Post a task for a place inside your areas, with a deadline")
    public Response post(@Valid @NotNull PostRequest request) {
        Task task = tasks.post(callers.of(identity), request);
        return Response.created(URI.create("/api/cogovernance/tasks/" + task.id())).entity(task).build();
    }

    @GET
    @RolesAllowed({ Roles.VOLUNTEER, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Tasks inside your areas by status (open, claimed, in-progress, done, cancelled, overdue, mine, all), "
            + "earliest deadline first")
    public PageView<Task> list(@QueryParam("status") @DefaultValue("open")
            @Pattern(regexp = "open|claimed|in-progress|done|cancelled|overdue|mine|all") String status,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return tasks.list(callers.of(identity), status, page, size);
    }

    @GET
    @Path("hours")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Hours per volunteer over tasks done inside your areas")
    public List<VolunteerHours> hours() {
        return tasks.hours(callers.of(identity));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.VOLUNTEER, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    public Task get(@PathParam("id") UUID id) {
        return tasks.get(callers.of(identity), id);
    }

    @POST
    @Path("{id}/claim")
    @RolesAllowed(Roles.VOLUNTEER)
    @Operation(summary = "Claim an open task (vetted volunteers of the area); 409 when someone claimed it first")
    public Task claim(@PathParam("id") UUID id) {
        return tasks.claim(callers.of(identity), id);
    }

    @POST
    @Path("{id}/progress")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.VOLUNTEER)
    @Operation(summary = "Report progress on a task you claimed")
    public Task progress(@PathParam("id") UUID id, @Valid @NotNull ReportRequest request) {
        return tasks.progress(callers.of(identity), id, request);
    }

    @POST
    @Path("{id}/completion")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.VOLUNTEER)
    @Operation(summary = "Complete a task you claimed, with evidence and the hours spent")
    public Task complete(@PathParam("id") UUID id, @Valid @NotNull CompletionRequest request) {
        return tasks.complete(callers.of(identity), id, request);
    }
}
