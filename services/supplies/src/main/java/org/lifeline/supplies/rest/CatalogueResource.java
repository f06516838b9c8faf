package org.lifeline.supplies.rest;

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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.security.Roles;
import org.lifeline.supplies.api.CatalogueApi.GroupOrder;
import org.lifeline.supplies.api.CatalogueApi.GroupOrderRequest;
import org.lifeline.supplies.api.CatalogueApi.Item;
import org.lifeline.supplies.api.CatalogueApi.Offer;
import org.lifeline.supplies.api.CatalogueApi.OfferRequest;
import org.lifeline.supplies.api.CatalogueApi.Stock;
import org.lifeline.supplies.api.CatalogueApi.StockRequest;
import org.lifeline.supplies.service.Actors;
import org.lifeline.supplies.service.CatalogueService;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** The catalogue, merchants' offers, the community warehouses' stock and group orders (团购). */
@Path("/api/supplies")
@Tag(name = "catalogue")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class CatalogueResource {

    @Inject
    CatalogueService catalogue;

    @Inject
    SecurityIdentity identity;

    @Inject
    Actors actors;

    @GET
    @Path("catalogue")
    @RolesAllowed({ Roles.RESIDENT, Roles.VOLUNTEER, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER, Roles.MERCHANT, Roles.LOGISTICS, Roles.PLATFORM_ADMIN })
    @Operation(summary = "The standard packages and medicine refills")
    public List<Item> items() {
        return catalogue.items();
    }

    @POST
    @Path("offers")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MERCHANT)
    @Operation(summary = "Publish an offer (merchant client credentials): item, price in fen, stock, areas served")
    public Response publish(@Valid @NotNull OfferRequest request) {
        Offer offer = catalogue.publish(actors.of(identity), request);
        return Response.created(URI.create("/api/supplies/offers/" + offer.id())).entity(offer).build();
    }

    @PUT
    @Path("offers/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MERCHANT)
    @Operation(summary = "Change your own offer's price, stock, areas or active flag")
    public Offer update(@PathParam("id") UUID id, @Valid @NotNull OfferRequest request) {
        return catalogue.update(actors.of(identity), id, request);
    }

    @GET
    @Path("offers")
    @RolesAllowed({ Roles.RESIDENT, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.MERCHANT, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Offers: a merchant's own; those serving your household (resident) or your areas (staff)")
    public PageView<Offer> offers(@QueryParam("itemCode") String itemCode,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return catalogue.offers(actors.of(identity), itemCode, page, size);
    }

    @POST
    @Path("stock")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Goods received into the warehouse of a community or compound (adds to its available stock)")
    public Stock receive(@Valid @NotNull StockRequest request) {
        return catalogue.receive(actors.of(identity), request);
    }

    @GET
    @Path("stock")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.PLATFORM_ADMIN })
    @Operation(summary = "The warehouses' stock in your areas: available, allocated so far, received so far")
    public PageView<Stock> stock(@QueryParam("itemCode") String itemCode,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return catalogue.stock(actors.of(identity), itemCode, page, size);
    }

    @POST
    @Path("group-orders")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.MERCHANT })
    @Operation(summary = "Open a group order (团购) of a building on an offer; households join with POST /orders "
            + "{groupOrderId}; confirmed for the merchant once the threshold is reached")
    public Response openGroup(@Valid @NotNull GroupOrderRequest request) {
        GroupOrder group = catalogue.openGroup(actors.of(identity), request);
        return Response.created(URI.create("/api/supplies/group-orders/" + group.id())).entity(group).build();
    }

    @GET
    @Path("group-orders/{id}")
    @RolesAllowed({ Roles.RESIDENT, Roles.VOLUNTEER, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.MERCHANT, Roles.PLATFORM_ADMIN })
    public GroupOrder group(@PathParam("id") UUID id) {
        return catalogue.group(actors.of(identity), id);
    }
}
