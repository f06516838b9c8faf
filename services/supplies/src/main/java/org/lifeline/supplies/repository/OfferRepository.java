package org.lifeline.supplies.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.supplies.api.CatalogueApi.Item;
import org.lifeline.supplies.api.CatalogueApi.Offer;
import org.lifeline.supplies.model.ServedOffer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The catalogue ({@code item}, seeded by migration) and merchants' offers ({@code offer}). */
@ApplicationScoped
public class OfferRepository {

    private static final String OFFER_COLUMNS = "id, merchant, item_code, price_cents, stock, area_codes, active, "
            + "created_at, updated_at";

    /**
     * Which offers a list shows: all; a merchant's own; the active ones serving above or below any of the paths
     * (staff); the active ones serving a household's place (by its code); optionally of one item.
     */
    public record Filter(boolean everything, String merchant, List<String> overlapping, String householdCode,
            String itemCode) {

        public static Filter all() {
            return new Filter(true, null, null, null, null);
        }

        public static Filter none() {
            return new Filter(false, null, null, null, null);
        }

        public static Filter ofMerchant(String merchant) {
            return new Filter(false, merchant, null, null, null);
        }

        public static Filter overlapping(List<String> paths) {
            return new Filter(false, null, paths, null, null);
        }

        public static Filter servingHousehold(String householdCode) {
            return new Filter(false, null, null, householdCode, null);
        }

        public Filter ofItem(String itemCode) {
            return new Filter(everything, merchant, overlapping, householdCode, itemCode);
        }
    }

    public List<Item> items(Connection c) throws SQLException {
        List<Item> items = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT code, kind, name_en, name_zh, contents FROM item "
                + "ORDER BY position"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                items.add(new Item(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        }
        return items;
    }

    public boolean itemExists(Connection c, String code) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM item WHERE code = ?")) {
            s.setString(1, code);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    public void insert(Connection c, UUID id, String merchant, String itemCode, int priceCents, int stock,
            List<String> areaCodes, List<String> areaPaths, boolean active) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO offer (id, merchant, item_code, price_cents, stock, "
                + "area_codes, area_paths, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setObject(1, id);
            s.setString(2, merchant);
            s.setString(3, itemCode);
            s.setInt(4, priceCents);
            s.setInt(5, stock);
            s.setArray(6, c.createArrayOf("text", areaCodes.toArray()));
            s.setArray(7, c.createArrayOf("text", areaPaths.toArray()));
            s.setBoolean(8, active);
            s.executeUpdate();
        }
    }

    public void update(Connection c, UUID id, int priceCents, int stock, List<String> areaCodes, List<String> areaPaths,
            boolean active) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE offer SET price_cents = ?, stock = ?, area_codes = ?, "
                + "area_paths = ?, active = ?, updated_at = now() WHERE id = ?")) {
            s.setInt(1, priceCents);
            s.setInt(2, stock);
            s.setArray(3, c.createArrayOf("text", areaCodes.toArray()));
            s.setArray(4, c.createArrayOf("text", areaPaths.toArray()));
            s.setBoolean(5, active);
            s.setObject(6, id);
            s.executeUpdate();
        }
    }

    public Optional<Offer> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + OFFER_COLUMNS + " FROM offer WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(offer(rs)) : Optional.empty();
            }
        }
    }

    /** What an order needs of the offer, with the paths it serves. */
    public Optional<ServedOffer> served(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT item_code, merchant, price_cents, active, area_paths "
                + "FROM offer WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new ServedOffer(id, rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getBoolean(4), List.of((String[]) rs.getArray(5).getArray()))) : Optional.empty();
            }
        }
    }

    /** Takes the quantity from the active offer's stock if there is that much. @return whether it was taken */
    public boolean reserve(Connection c, UUID id, int quantity) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE offer SET stock = stock - ?, updated_at = now() "
                + "WHERE id = ? AND active AND stock >= ?")) {
            s.setInt(1, quantity);
            s.setObject(2, id);
            s.setInt(3, quantity);
            return s.executeUpdate() == 1;
        }
    }

    public long count(Connection c, Filter filter) throws SQLException {
        List<Object> params = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM offer WHERE " + where(filter, params))) {
            bind(s, params);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A page of the offers, the cheapest first. */
    public List<Offer> page(Connection c, Filter filter, int page, int size) throws SQLException {
        List<Object> params = new ArrayList<>();
        List<Offer> items = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + OFFER_COLUMNS + " FROM offer WHERE "
                + where(filter, params) + " ORDER BY price_cents, created_at, id LIMIT ? OFFSET ?")) {
            int i = bind(s, params);
            s.setInt(i++, size);
            s.setLong(i, (long) page * size);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    items.add(offer(rs));
                }
            }
        }
        return items;
    }

    private static String where(Filter f, List<Object> params) {
        String where;
        if (f.merchant() != null) {
            where = "merchant = ?";
            params.add(f.merchant());
        } else if (f.everything()) {
            where = "TRUE";
        } else if (f.overlapping() != null) {
            where = "active AND " + overlaps(f.overlapping());
        } else if (f.householdCode() != null) {
            where = "active AND EXISTS (SELECT 1 FROM household_rm h, unnest(area_paths) ap WHERE h.code = ? "
                    + "AND h.place_path LIKE ap || '%')";
            params.add(f.householdCode());
        } else {
            where = "FALSE";
        }
        if (f.itemCode() != null) {
            where += " AND item_code = ?";
            params.add(f.itemCode());
        }
        return where;
    }

    /** An offer area above or below one of the paths (literals: see {@link AreaPaths}). */
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

    private static int bind(PreparedStatement s, List<Object> params) throws SQLException {
        int i = 1;
        for (Object p : params) {
            s.setObject(i++, p);
        }
        return i;
    }

    private static Offer offer(ResultSet rs) throws SQLException {
        return new Offer(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                List.of((String[]) rs.getArray(6).getArray()), rs.getBoolean(7), rs.getObject(8, OffsetDateTime.class),
                rs.getObject(9, OffsetDateTime.class));
    }
}
