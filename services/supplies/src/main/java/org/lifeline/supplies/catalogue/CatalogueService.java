package org.lifeline.supplies.catalogue;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.supplies.catalogue.CatalogueApi.GroupOrder;
import org.lifeline.supplies.catalogue.CatalogueApi.GroupOrderRequest;
import org.lifeline.supplies.catalogue.CatalogueApi.Item;
import org.lifeline.supplies.catalogue.CatalogueApi.Offer;
import org.lifeline.supplies.catalogue.CatalogueApi.OfferRequest;
import org.lifeline.supplies.catalogue.CatalogueApi.Stock;
import org.lifeline.supplies.catalogue.CatalogueApi.StockRequest;
import org.lifeline.supplies.rest.Actor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    AgroalDataSource dataSource;

    public List<Item> items() {
        List<Item> items = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT code, kind, name_en, name_zh, contents FROM item ORDER BY position");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                items.add(new Item(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return items;
    }

    // ---- offers

    public Offer publish(Actor actor, OfferRequest request) {
        try (Connection c = dataSource.getConnection()) {
            requireItem(c, request.itemCode());
            List<String> paths = resolve(c, request.areaCodes(), "areaCodes");
            UUID id = UUID.randomUUID();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO offer (id, merchant, item_code, price_cents, stock, "
                    + "area_codes, area_paths, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setObject(1, id);
                s.setString(2, actor.merchant());
                s.setString(3, request.itemCode());
                s.setInt(4, request.priceCents());
                s.setInt(5, request.stock());
                s.setArray(6, c.createArrayOf("text", request.areaCodes().toArray()));
                s.setArray(7, c.createArrayOf("text", paths.toArray()));
                s.setBoolean(8, request.active() == null || request.active());
                s.executeUpdate();
            }
            return offer(c, id);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces price, stock, areas and active of the merchant's own offer (another's is 404). */
    public Offer update(Actor actor, UUID id, OfferRequest request) {
        try (Connection c = dataSource.getConnection()) {
            Offer current = offer(c, id);
            if (current == null || !current.merchant().equals(actor.merchant())) {
                throw ProblemException.notFound("Offer", id);
            }
            if (!current.itemCode().equals(request.itemCode())) {
                throw ProblemException.invalidField("itemCode", Message.of("cannot change; publish another offer",
                        "不可修改，请发布新的商品"));
            }
            List<String> paths = resolve(c, request.areaCodes(), "areaCodes");
            try (PreparedStatement s = c.prepareStatement("UPDATE offer SET price_cents = ?, stock = ?, area_codes = ?, "
                    + "area_paths = ?, active = ?, updated_at = now() WHERE id = ?")) {
                s.setInt(1, request.priceCents());
                s.setInt(2, request.stock());
                s.setArray(3, c.createArrayOf("text", request.areaCodes().toArray()));
                s.setArray(4, c.createArrayOf("text", paths.toArray()));
                s.setBoolean(5, request.active() == null || request.active());
                s.setObject(6, id);
                s.executeUpdate();
            }
            return offer(c, id);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Offers the actor may see: a merchant its own; a resident the active offers serving their household; staff
     * the active offers serving any place of their areas (or above them); an admin all.
     */
    public PageView<Offer> offers(Actor actor, String itemCode, int page, int size) {
        List<Object> params = new ArrayList<>();
        String where;
        if (actor.isMerchant()) {
            where = "merchant = ?";
            params.add(actor.merchant());
        } else if (actor.isPlatformAdmin()) {
            where = "TRUE";
        } else if (actor.isStaff()) {
            where = "active AND " + overlaps(actor.paths());
        } else if (actor.isResident() && actor.caller().household() != null) {
            where = "active AND EXISTS (SELECT 1 FROM household_rm h, unnest(area_paths) ap WHERE h.code = ? "
                    + "AND h.place_path LIKE ap || '%')";
            params.add(actor.caller().household());
        } else {
            where = "FALSE";
        }
        if (itemCode != null) {
            where += " AND item_code = ?";
            params.add(itemCode);
        }
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM offer WHERE " + where)) {
                bind(s, params);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Offer> items = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, merchant, item_code, price_cents, stock, area_codes, "
                    + "active, created_at, updated_at FROM offer WHERE " + where + " ORDER BY price_cents, created_at, id "
                    + "LIMIT ? OFFSET ?")) {
                int i = bind(s, params);
                s.setInt(i++, size);
                s.setLong(i, (long) page * size);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        items.add(offer(rs));
                    }
                }
            }
            return PageView.of(items, page, size, total);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An offer area above or below one of the paths. */
    private static String overlaps(List<String> paths) {
        if (paths.isEmpty()) {
            return "FALSE";
        }
        StringBuilder sql = new StringBuilder("EXISTS (SELECT 1 FROM unnest(area_paths) ap WHERE ");
        for (int i = 0; i < paths.size(); i++) {
            String p = AreaPaths.literal(paths.get(i));
            sql.append(i == 0 ? "" : " OR ").append("ap LIKE '").append(p).append("%' OR '").append(p)
                    .append("' LIKE ap || '%'");
        }
        return sql.append(")").toString();
    }

    private static Offer offer(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, merchant, item_code, price_cents, stock, area_codes, "
                + "active, created_at, updated_at FROM offer WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? offer(rs) : null;
            }
        }
    }

    private static Offer offer(ResultSet rs) throws SQLException {
        return new Offer(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                List.of((String[]) rs.getArray(6).getArray()), rs.getBoolean(7), rs.getObject(8, OffsetDateTime.class),
                rs.getObject(9, OffsetDateTime.class));
    }

    // ---- warehouse stock

    /** Goods received into a warehouse (staff of its area, or above). */
    public Stock receive(Actor actor, StockRequest request) {
        try (Connection c = dataSource.getConnection()) {
            requireItem(c, request.itemCode());
            String path = warehousePath(c, actor, request.areaCode());
            try (PreparedStatement s = c.prepareStatement("INSERT INTO stock (area_code, item_code, area_path, available, "
                    + "received) VALUES (?, ?, ?, ?, ?) ON CONFLICT (area_code, item_code) DO UPDATE SET "
                    + "available = stock.available + EXCLUDED.available, received = stock.received + EXCLUDED.received, "
                    + "updated_at = now() RETURNING available, allocated, received, updated_at")) {
                s.setString(1, request.areaCode());
                s.setString(2, request.itemCode());
                s.setString(3, path);
                s.setInt(4, request.quantity());
                s.setLong(5, request.quantity());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return new Stock(request.areaCode(), request.itemCode(), rs.getInt(1), rs.getLong(2),
                            rs.getLong(3), rs.getObject(4, OffsetDateTime.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The warehouses' stock in the actor's areas. */
    public PageView<Stock> stock(Actor actor, String itemCode, int page, int size) {
        String where = AreaPaths.sqlWithin("area_path", actor.paths()) + (itemCode == null ? "" : " AND item_code = ?");
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM stock WHERE " + where)) {
                if (itemCode != null) {
                    s.setString(1, itemCode);
                }
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Stock> items = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT area_code, item_code, available, allocated, received, "
                    + "updated_at FROM stock WHERE " + where + " ORDER BY area_path, item_code LIMIT ? OFFSET ?")) {
                int i = 1;
                if (itemCode != null) {
                    s.setString(i++, itemCode);
                }
                s.setInt(i++, size);
                s.setLong(i, (long) page * size);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        items.add(new Stock(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getLong(5),
                                rs.getObject(6, OffsetDateTime.class)));
                    }
                }
            }
            return PageView.of(items, page, size, total);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A warehouse belongs to a community, or to a compound with its own depot. */
    public static String warehousePath(Connection c, Actor actor, String code) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT path FROM place_rm WHERE code = ? "
                + "AND level IN ('community', 'compound')")) {
            s.setString(1, code);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next() || !AreaPaths.within(actor.paths(), rs.getString(1))) {
                    throw ProblemException.notFound("Community or compound", code);
                }
                return rs.getString(1);
            }
        }
    }

    // ---- group orders

    /** A group order of a building on an offer: by staff of the building's area, or by the offer's merchant. */
    public GroupOrder openGroup(Actor actor, GroupOrderRequest request) {
        try (Connection c = dataSource.getConnection()) {
            Offer offer = offer(c, request.offerId());
            if (offer == null || !offer.active() || (actor.isMerchant() && !offer.merchant().equals(actor.merchant()))) {
                throw ProblemException.notFound("Offer", request.offerId());
            }
            String building;
            try (PreparedStatement s = c.prepareStatement("SELECT path FROM place_rm WHERE code = ? AND level = 'building'")) {
                s.setString(1, request.buildingCode());
                try (ResultSet rs = s.executeQuery()) {
                    building = rs.next() ? rs.getString(1) : null;
                }
            }
            List<String> served = offerPaths(c, offer.id());
            boolean allowed = building != null && (actor.isMerchant() ? AreaPaths.within(served, building)
                    : AreaPaths.within(actor.paths(), building));
            if (!allowed) {
                throw ProblemException.notFound("Building", request.buildingCode());
            }
            if (!AreaPaths.within(served, building)) {
                throw ProblemException.invalidField("offerId", Message.of("does not serve this building",
                        "该商品不配送至该楼栋"));
            }
            UUID id = UUID.randomUUID();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO group_order (id, offer_id, merchant, item_code, "
                    + "building_code, building_path, threshold, status, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)")) {
                s.setObject(1, id);
                s.setObject(2, offer.id());
                s.setString(3, offer.merchant());
                s.setString(4, offer.itemCode());
                s.setString(5, request.buildingCode());
                s.setString(6, building);
                s.setInt(7, request.threshold());
                s.setString(8, actor.username());
                s.executeUpdate();
            }
            return group(c, actor, id);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public GroupOrder group(Actor actor, UUID id) {
        try (Connection c = dataSource.getConnection()) {
            return group(c, actor, id);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GroupOrder group(Connection c, Actor actor, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT offer_id, merchant, item_code, building_code, threshold, "
                + "members, status, created_by, created_at, confirmed_at, building_path FROM group_order WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound("Group order", id);
                }
                String building = rs.getString(11);
                boolean visible = actor.isPlatformAdmin()
                        || (actor.isMerchant() ? actor.merchant().equals(rs.getString(2))
                        : actor.isStaff() || actor.isVolunteer() ? AreaPaths.within(actor.paths(), building)
                        : actor.isResident() && residentIn(c, actor, building));
                if (!visible) {
                    throw ProblemException.notFound("Group order", id);
                }
                return new GroupOrder(id, rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getInt(6), rs.getString(7), actor.isMerchant() ? null : rs.getString(8),
                        rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class));
            }
        }
    }

    private static boolean residentIn(Connection c, Actor actor, String buildingPath) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM household_rm WHERE code = ? AND place_path LIKE ?")) {
            s.setString(1, actor.caller().household());
            s.setString(2, buildingPath.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static List<String> offerPaths(Connection c, UUID offer) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT area_paths FROM offer WHERE id = ?")) {
            s.setObject(1, offer);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return List.of((String[]) rs.getArray(1).getArray());
            }
        }
    }

    // ---- helpers

    private static void requireItem(Connection c, String code) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM item WHERE code = ?")) {
            s.setString(1, code);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.invalidField("itemCode", Message.of("must be an item of the catalogue",
                            "必须是目录中的物资"));
                }
            }
        }
    }

    /** Place codes to paths, in the order given; an unknown code is a field error. */
    private static List<String> resolve(Connection c, List<String> codes, String field) throws SQLException {
        Map<String, String> found = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT code, path FROM place_rm WHERE code = ANY (?)")) {
            s.setArray(1, c.createArrayOf("varchar", codes.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        List<String> unknown = codes.stream().filter(code -> !found.containsKey(code)).toList();
        if (!unknown.isEmpty()) {
            throw ProblemException.invalidField(field, Message.of("unknown places: " + String.join(", ", unknown),
                    "未知地点：" + String.join("、", unknown)));
        }
        return codes.stream().map(found::get).toList();
    }

    private static int bind(PreparedStatement s, List<Object> params) throws SQLException {
        int i = 1;
        for (Object p : params) {
            s.setObject(i++, p);
        }
        return i;
    }

}
