package org.lifeline.supplies.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.supplies.api.CatalogueApi.GroupOrder;
import org.lifeline.supplies.api.CatalogueApi.GroupOrderRequest;
import org.lifeline.supplies.api.CatalogueApi.Item;
import org.lifeline.supplies.api.CatalogueApi.Offer;
import org.lifeline.supplies.api.CatalogueApi.OfferRequest;
import org.lifeline.supplies.api.CatalogueApi.Stock;
import org.lifeline.supplies.api.CatalogueApi.StockRequest;
import org.lifeline.supplies.config.Texts;
import org.lifeline.supplies.model.Actor;
import org.lifeline.supplies.model.GroupOrderRow;
import org.lifeline.supplies.repository.GroupOrderRepository;
import org.lifeline.supplies.repository.HouseholdRepository;
import org.lifeline.supplies.repository.OfferRepository.Filter;
import org.lifeline.supplies.repository.OfferRepository;
import org.lifeline.supplies.repository.PlaceRepository;
import org.lifeline.supplies.repository.StockRepository;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The catalogue (seeded by migration), merchants' offers (each merchant manages only its own), the community
 * warehouses' stock (staff of the community), and group orders per building.
 */
@ApplicationScoped
public class CatalogueService {

    @Inject
    Transactions tx;

    @Inject
    PlaceScopes places;

    @Inject
    OfferRepository offers;

    @Inject
    StockRepository stock;

    @Inject
    GroupOrderRepository groups;

    @Inject
    PlaceRepository placeLevels;

    @Inject
    HouseholdRepository households;

    public List<Item> items() {
        return tx.read(offers::items);
    }

    // ---- offers

    public Offer publish(Actor actor, OfferRequest request) {
        tx.read(c -> {
            requireItem(c, request.itemCode());
            return null;
        });
        List<String> paths = areaPaths(request.areaCodes());
        return tx.call(c -> {
            UUID id = UUID.randomUUID();
            offers.insert(c, id, actor.merchant(), request.itemCode(), request.priceCents(), request.stock(),
                    request.areaCodes(), paths, request.active() == null || request.active());
            return offers.find(c, id).orElseThrow();
        });
    }

    /** Replaces price, stock, areas and active of the merchant's own offer (another's is 404). */
    public Offer update(Actor actor, UUID id, OfferRequest request) {
        return tx.call(c -> {
            Offer current = offers.find(c, id).filter(o -> o.merchant().equals(actor.merchant()))
                    .orElseThrow(() -> ProblemException.notFound("Offer", id));
            if (!current.itemCode().equals(request.itemCode())) {
                throw ProblemException.invalidField("itemCode", Texts.of("offer.item-fixed"));
            }
            List<String> paths = areaPaths(request.areaCodes());
            offers.update(c, id, request.priceCents(), request.stock(), request.areaCodes(), paths,
                    request.active() == null || request.active());
            return offers.find(c, id).orElseThrow();
        });
    }

    /**
     * Offers the actor may see: a merchant its own; a resident the active offers serving their household; staff
     * the active offers serving any place of their areas (or above them); an admin all.
     */
    public PageView<Offer> offers(Actor actor, String itemCode, int page, int size) {
        Filter filter;
        if (actor.isMerchant()) {
            filter = Filter.ofMerchant(actor.merchant());
        } else if (actor.isPlatformAdmin()) {
            filter = Filter.all();
        } else if (actor.isStaff()) {
            filter = Filter.overlapping(actor.paths());
        } else if (actor.isResident() && actor.caller().household() != null) {
            filter = Filter.servingHousehold(actor.caller().household());
        } else {
            filter = Filter.none();
        }
        Filter of = itemCode == null ? filter : filter.ofItem(itemCode);
        return tx.read(c -> PageView.of(offers.page(c, of, page, size), page, size, offers.count(c, of)));
    }

    /** Place codes to paths, in the order given; unknown codes are a field error naming them all. */
    private List<String> areaPaths(List<String> codes) {
        Map<String, String> found = places.pathsOf(codes);
        List<String> unknown = codes.stream().filter(code -> !found.containsKey(code)).toList();
        if (!unknown.isEmpty()) {
            throw ProblemException.invalidField("areaCodes", Texts.of("offer.places-unknown", String.join(", ", unknown)));
        }
        return codes.stream().map(found::get).toList();
    }

    // ---- warehouse stock

    /** Goods received into a warehouse (staff of its area, or above). */
    public Stock receive(Actor actor, StockRequest request) {
        return tx.call(c -> {
            requireItem(c, request.itemCode());
            String path = warehousePath(c, actor, request.areaCode());
            return stock.receive(c, request.areaCode(), request.itemCode(), path, request.quantity());
        });
    }

    /** The warehouses' stock in the actor's areas. */
    public PageView<Stock> stock(Actor actor, String itemCode, int page, int size) {
        return tx.read(c -> PageView.of(stock.page(c, actor.paths(), itemCode, page, size), page, size,
                stock.count(c, actor.paths(), itemCode)));
    }

    /** A warehouse belongs to a community, or to a compound with its own depot, of the actor's areas; else 404. */
    String warehousePath(Connection c, Actor actor, String code) throws SQLException {
        return placeLevels.warehousePath(c, code).filter(path -> AreaPaths.within(actor.paths(), path))
                .orElseThrow(() -> ProblemException.notFound("Community or compound", code));
    }

    // ---- group orders

    /** A group order of a building on an offer: by staff of the building's area, or by the offer's merchant. */
    public GroupOrder openGroup(Actor actor, GroupOrderRequest request) {
        return tx.call(c -> {
            Offer offer = offers.find(c, request.offerId())
                    .filter(o -> o.active() && (!actor.isMerchant() || o.merchant().equals(actor.merchant())))
                    .orElseThrow(() -> ProblemException.notFound("Offer", request.offerId()));
            String building = placeLevels.buildingPath(c, request.buildingCode()).orElse(null);
            List<String> served = offers.served(c, offer.id()).orElseThrow().areaPaths();
            boolean allowed = building != null && (actor.isMerchant() ? AreaPaths.within(served, building)
                    : AreaPaths.within(actor.paths(), building));
            if (!allowed) {
                throw ProblemException.notFound("Building", request.buildingCode());
            }
            if (!AreaPaths.within(served, building)) {
                throw ProblemException.invalidField("offerId", Texts.of("offer.not-serving-building"));
            }
            UUID id = UUID.randomUUID();
            groups.insert(c, id, offer.id(), offer.merchant(), offer.itemCode(), request.buildingCode(), building,
                    request.threshold(), actor.username());
            return group(c, actor, id);
        });
    }

    public GroupOrder group(Actor actor, UUID id) {
        return tx.read(c -> group(c, actor, id));
    }

    private GroupOrder group(Connection c, Actor actor, UUID id) throws SQLException {
        GroupOrderRow g = groups.find(c, id, false).orElseThrow(() -> ProblemException.notFound("Group order", id));
        boolean visible = actor.isPlatformAdmin()
                || (actor.isMerchant() ? actor.merchant().equals(g.merchant())
                : actor.isStaff() || actor.isVolunteer() ? AreaPaths.within(actor.paths(), g.buildingPath())
                : actor.isResident() && households.livesUnder(c, actor.caller().household(), g.buildingPath()));
        if (!visible) {
            throw ProblemException.notFound("Group order", id);
        }
        return new GroupOrder(id, g.offerId(), g.merchant(), g.itemCode(), g.buildingCode(), g.threshold(), g.members(),
                g.status(), actor.isMerchant() ? null : g.createdBy(), g.createdAt(), g.confirmedAt());
    }

    // ---- helpers

    private void requireItem(Connection c, String code) throws SQLException {
        if (!offers.itemExists(c, code)) {
            throw ProblemException.invalidField("itemCode", Texts.of("item.unknown"));
        }
    }
}
