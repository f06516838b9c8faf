package org.lifeline.supplies.rest;

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
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.idempotency.JdbcIdempotency;
import org.lifeline.platform.security.Roles;
import org.lifeline.supplies.api.AllocationApi.Decision;
import org.lifeline.supplies.api.OrderApi.DeliveryRequest;
import org.lifeline.supplies.api.OrderApi.HandoverRequest;
import org.lifeline.supplies.api.OrderApi.Order;
import org.lifeline.supplies.api.OrderApi.OrderRequest;
import org.lifeline.supplies.api.OrderApi.Timeline;
import org.lifeline.supplies.service.Actors;
import org.lifeline.supplies.service.AllocationService;
import org.lifeline.supplies.service.DeliveryService;
import org.lifeline.supplies.service.OrderService;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Orders: place (Idempotency-Key), read, the timeline, why allocated, hand-overs and delivery at the door. */
@Path("/api/supplies")
@Tag(name = "orders")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class OrderResource {

    static final String STATUSES = "waiting|allocated|pending-group|confirmed|at-gate|out-for-delivery|delivered";

    @Inject
    OrderService orders;

    @Inject
    DeliveryService delivery;

    @Inject
    AllocationService allocation;

    @Inject
    SecurityIdentity identity;

    @Inject
    Actors actors;

    @POST
    @Path("orders")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.RESIDENT, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF })
    @Operation(summary = "Order for your household (resident) or on behalf of a household of your area (staff): from the "
            + "warehouse (itemCode), a merchant's offer (offerId) or a building's group order (groupOrderId). "
            + "Idempotency-Key: a retry returns the first order")
    public Response place(@Valid @NotNull OrderRequest request, @HeaderParam(JdbcIdempotency.HEADER) String key) {
        return orders.place(actors.of(identity), key, request,
                order -> Response.created(URI.create("/api/supplies/orders/" + order.id())).entity(order).build());
    }

    @GET
    @Path("orders")
    @RolesAllowed({ Roles.RESIDENT, Roles.VOLUNTEER, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.MERCHANT, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Orders you may see, newest first: your household's, a merchant's own, staff their areas', "
            + "volunteers those at the gate or on the way in their areas")
    public PageView<Order> list(@QueryParam("status") @Pattern(regexp = STATUSES) String status,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return orders.list(actors.of(identity), status, page, size);
    }

    @GET
    @Path("orders/{id}")
    @RolesAllowed({ Roles.RESIDENT, Roles.VOLUNTEER, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.MERCHANT, Roles.PLATFORM_ADMIN })
    public Order get(@PathParam("id") UUID id) {
        return orders.get(actors.of(identity), id);
    }

    @GET
    @Path("orders/{id}/timeline")
    @RolesAllowed({ Roles.RESIDENT, Roles.VOLUNTEER, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.MERCHANT, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Every step of the order, in order: placed, allocated, hand-overs, delivered")
    public Timeline timeline(@PathParam("id") UUID id) {
        return orders.timeline(actors.of(identity), id);
    }

    @GET
    @Path("orders/{id}/allocation")
    @RolesAllowed({ Roles.RESIDENT, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Why the order was served when it was: its place, round and score's parts in each allocation run")
    public List<Decision> allocation(@PathParam("id") UUID id) {
        return allocation.ofOrder(actors.of(identity), id);
    }

    @POST
    @Path("orders/{id}/handovers")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.MERCHANT, Roles.VOLUNTEER, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Record a hand-over: gate (merchant, or staff for warehouse orders, to the community at the "
            + "compound gate) or pickup (a volunteer or staff takes it to carry to the door)")
    public Order handover(@PathParam("id") UUID id, @Valid @NotNull HandoverRequest request) {
        return delivery.handover(actors.of(identity), id, request);
    }

    @POST
    @Path("orders/{id}/delivery")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.RESIDENT, Roles.VOLUNTEER, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Delivered at the door: with the household's code, or (staff) with a reason when it cannot give it")
    public Order deliver(@PathParam("id") UUID id, @Valid @NotNull DeliveryRequest request) {
        return delivery.deliver(actors.of(identity), id, request);
    }
}
