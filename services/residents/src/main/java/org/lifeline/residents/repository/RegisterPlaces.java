package org.lifeline.residents.repository;

import org.lifeline.residents.config.Texts;
import org.lifeline.platform.security.AreaPaths;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.lifeline.platform.outbox.Outbox;
import org.lifeline.platform.problem.Message;
import org.lifeline.residents.event.PlaceCreated;
import org.lifeline.residents.model.PlaceLevel;
import org.lifeline.residents.mapping.RegisterRow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Finds the unit of a register row by its names (community code, then compound, building and unit
 * names) and creates what is missing, only under a community inside the importer's areas. Created
 * places get codes like the rest of the tree: compound {@code <community>-NN}, building
 * {@code <compound>-NN}, unit {@code <building>-N}, numbered after the highest existing sibling.
 * Everything found is cached for the job, so a million rows cost a few hundred queries.
 */
final class RegisterPlaces {

    /** A unit the row's household belongs to. */
    record Unit(String code, String path) {
    }

    /** A row's place could not be used. */
    static final class PlaceRefused extends Exception {
        final String code;
        final Message message;

        PlaceRefused(String code, Message message) {
            super(code);
            this.code = code;
            this.message = message;
        }
    }

    private record Node(String code, String path) {
    }

    private final Connection connection;
    private final ObjectMapper mapper;
    private final List<String> areaPaths;
    private final Map<String, Object> communities = new HashMap<>();
    private final Map<String, Node> children = new HashMap<>();
    private final Map<String, Integer> lastNumber = new HashMap<>();
    private final Map<String, Unit> units = new HashMap<>();
    private final java.util.Set<String> fresh = new java.util.HashSet<>();
    private int created;
    private long nanos;

    /**
     * @param connection used only for places, in one transaction that {@link #commit} ends: the places
     *        of a file cost one commit, not one each
     */
    RegisterPlaces(Connection connection, ObjectMapper mapper, List<String> areaPaths) {
        this.connection = connection;
        this.mapper = mapper;
        this.areaPaths = areaPaths;
    }

    int created() {
        return created;
    }

    /** Time spent finding and creating places (cache misses). */
    long millis() {
        return nanos / 1_000_000;
    }

    Unit unit(RegisterRow row) throws SQLException, PlaceRefused {
        String key = row.community + '\u0000' + row.compound + '\u0000' + row.building + '\u0000' + row.unit;
        Unit unit = units.get(key);
        if (unit != null) {
            return unit;
        }
        long t0 = System.nanoTime();
        try {
            Node community = community(row.community);
            Node compound = child(community, PlaceLevel.COMPOUND, row.compound);
            Node building = child(compound, PlaceLevel.BUILDING, row.building);
            Node u = child(building, PlaceLevel.UNIT, row.unit);
            unit = new Unit(u.code(), u.path());
            units.put(key, unit);
            return unit;
        } finally {
            nanos += System.nanoTime() - t0;
        }
    }

    private Node community(String code) throws SQLException, PlaceRefused {
        Object known = communities.get(code);
        if (known == null) {
            known = lookupCommunity(code);
            communities.put(code, known);
            if (known instanceof Node community) {
                preload(community);
            }
        }
        if (known instanceof PlaceRefused refused) {
            throw refused;
        }
        return (Node) known;
    }

    private Object lookupCommunity(String code) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT level, path FROM place WHERE code = ?")) {
            s.setString(1, code);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return new PlaceRefused("unknown-community", Texts.of("register-places.names-no-known-community"));
                }
                if (!PlaceLevel.COMMUNITY.code().equals(rs.getString(1))) {
                    return new PlaceRefused("not-a-community", Texts.of("register-places.not-a-community." + rs.getString(1)));
                }
                String path = rs.getString(2);
                if (!AreaPaths.within(areaPaths, path)) {
                    return new PlaceRefused("outside-your-area", Texts.of("register-places.outside-areas"));
                }
                return new Node(code, path);
            }
        }
    }

    /** Everything under a community, in one query, so that rows of known places cost no query at all. */
    private void preload(Node community) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT parent_code, name, code, path FROM place WHERE path LIKE ? ORDER BY code")) {
            s.setString(1, community.path() + "_%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    children.putIfAbsent(rs.getString(1) + '\u0000' + rs.getString(2),
                            new Node(rs.getString(3), rs.getString(4)));
                }
            }
        }
    }

    private Node child(Node parent, PlaceLevel level, String name) throws SQLException {
        String key = parent.code() + '\u0000' + name;
        Node node = children.get(key);
        if (node != null) {
            return node;
        }
        // the community's subtree was preloaded and places made by this job have no other children:
        // a miss means the place is new (create() copes if another import made it meanwhile)
        node = null;
        while (node == null) {
            node = create(parent, level, name);
            if (node == null) {
                node = find(parent, name); // another import created it meanwhile, or the code was taken
            }
        }
        children.put(key, node);
        return node;
    }

    private Node find(Node parent, String name) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT code, path FROM place WHERE parent_code = ? AND name = ? ORDER BY code LIMIT 1")) {
            s.setString(1, parent.code());
            s.setString(2, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Node(rs.getString(1), rs.getString(2)) : null;
            }
        }
    }

    /** Creates the place with the next free number; null if that code was taken meanwhile. */
    private Node create(Node parent, PlaceLevel level, String name) throws SQLException {
        int number = nextNumber(parent.code());
        String code = parent.code() + (level == PlaceLevel.UNIT ? "-" + number : String.format("-%02d", number));
        String path = parent.path() + code + "/";
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO place (code, name, level, parent_code, "
                + "path) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
                PreparedStatement outbox = Outbox.insert(connection)) {
            insert.setString(1, code);
            insert.setString(2, name);
            insert.setString(3, level.code());
            insert.setString(4, parent.code());
            insert.setString(5, path);
            if (insert.executeUpdate() == 0) {
                return null;
            }
            Outbox.bind(outbox, Outbox.row(mapper, PlaceCreated.EVENT, code,
                    new PlaceCreated(code, name, level, parent.code(), path)));
            outbox.executeUpdate();
            created++;
            fresh.add(code);
            return new Node(code, path);
        }
    }

    /** Commits the places made for the file and their events (before the rows are merged). */
    void commit() throws SQLException {
        connection.commit();
    }

    private int nextNumber(String parentCode) throws SQLException {
        Integer last = lastNumber.get(parentCode);
        if (last == null && fresh.contains(parentCode)) {
            last = 0;
        }
        if (last == null) {
            last = 0;
            try (PreparedStatement s = connection.prepareStatement("SELECT code FROM place WHERE parent_code = ?")) {
                s.setString(1, parentCode);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String suffix = rs.getString(1).substring(parentCode.length());
                        if (suffix.matches("-\\d{1,6}")) {
                            last = Math.max(last, Integer.parseInt(suffix.substring(1)));
                        }
                    }
                }
            }
        }
        lastNumber.put(parentCode, last + 1);
        return last + 1;
    }
}
