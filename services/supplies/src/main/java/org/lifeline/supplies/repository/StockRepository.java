package org.lifeline.supplies.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.supplies.api.CatalogueApi.Stock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The warehouses' stock ({@code stock}, one row per warehouse and item). Taking stock is one conditional
 * statement, so it never oversells: PostgreSQL's row lock serializes concurrent takers and re-checks the condition.
 */
@ApplicationScoped
public class StockRepository {

    /** The nearest warehouse above the place that stocks the item (a compound's depot, else the community's). */
    public Optional<String> nearestWarehouse(Connection c, String item, String placePath) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT area_code FROM stock WHERE item_code = ? "
                + "AND ? LIKE area_path || '%' ORDER BY length(area_path) DESC LIMIT 1")) {
            s.setString(1, item);
            s.setString(2, placePath);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Takes the quantity for a new order if that much is available and no order waits for this stock already
     * (no jumping the queue). @return whether it was taken
     */
    public boolean reserve(Connection c, String area, String item, int quantity) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE stock SET available = available - ?, "
                + "allocated = allocated + ?, updated_at = now() WHERE area_code = ? AND item_code = ? "
                + "AND available >= ? AND NOT EXISTS (SELECT 1 FROM supply_order w WHERE w.status = 'waiting' "
                + "AND w.stock_area = stock.area_code AND w.item_code = stock.item_code)")) {
            s.setInt(1, quantity);
            s.setInt(2, quantity);
            s.setString(3, area);
            s.setString(4, item);
            s.setInt(5, quantity);
            return s.executeUpdate() == 1;
        }
    }

    /** Locks the warehouse's row of the item for an allocation run: @return what is available, empty if never stocked */
    public Optional<Integer> lockAvailable(Connection c, String area, String item) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT available FROM stock WHERE area_code = ? "
                + "AND item_code = ? FOR UPDATE")) {
            s.setString(1, area);
            s.setString(2, item);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }

    /** Moves units from available to allocated (an allocation run, under the row's lock). */
    public void allocate(Connection c, String area, String item, int units) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE stock SET available = available - ?, "
                + "allocated = allocated + ?, updated_at = now() WHERE area_code = ? AND item_code = ?")) {
            s.setInt(1, units);
            s.setInt(2, units);
            s.setString(3, area);
            s.setString(4, item);
            s.executeUpdate();
        }
    }

    /** Goods received: added to what is available (the row is made on the first delivery). */
    public Stock receive(Connection c, String area, String item, String areaPath, int quantity) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO stock (area_code, item_code, area_path, available, "
                + "received) VALUES (?, ?, ?, ?, ?) ON CONFLICT (area_code, item_code) DO UPDATE SET "
                + "available = stock.available + EXCLUDED.available, received = stock.received + EXCLUDED.received, "
                + "updated_at = now() RETURNING available, allocated, received, updated_at")) {
            s.setString(1, area);
            s.setString(2, item);
            s.setString(3, areaPath);
            s.setInt(4, quantity);
            s.setLong(5, quantity);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Stock(area, item, rs.getInt(1), rs.getLong(2), rs.getLong(3),
                        rs.getObject(4, OffsetDateTime.class));
            }
        }
    }

    public long count(Connection c, List<String> paths, String itemCode) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM stock WHERE " + where(paths, itemCode))) {
            if (itemCode != null) {
                s.setString(1, itemCode);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The warehouses' stock inside the paths, optionally of one item, by place and item. */
    public List<Stock> page(Connection c, List<String> paths, String itemCode, int page, int size) throws SQLException {
        List<Stock> items = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT area_code, item_code, available, allocated, received, "
                + "updated_at FROM stock WHERE " + where(paths, itemCode) + " ORDER BY area_path, item_code LIMIT ? OFFSET ?")) {
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
        return items;
    }

    private static String where(List<String> paths, String itemCode) {
        return AreaPaths.sqlWithin("area_path", paths) + (itemCode == null ? "" : " AND item_code = ?");
    }
}
