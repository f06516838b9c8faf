package org.lifeline.platform.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import org.lifeline.platform.inbox.EventHandler;
import org.lifeline.platform.inbox.InboxConsumer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A service's local copy of residents' places, households, persons and grids (ARCHITECTURE.md rule 3), so it
 * keeps serving when residents is down: the one implementation every consuming service uses. A service says which
 * parts it keeps and which of its own path columns follow a place that moves, and runs the handlers in its
 * {@link InboxConsumer} (each event applied once, in one transaction with the inbox row).
 *
 * <p>The tables are the platform's, one Flyway location per part: {@code db/readmodel-places} ({@code place_rm}),
 * {@code db/readmodel-households} ({@code household_rm}, {@code person_rm}), {@code db/readmodel-grids}
 * ({@code grid_rm}). The events are read into this library's own records ({@link ResidentsEvents}); fields it
 * does not know are ignored, a type it does not know on these topics is skipped.
 *
 * <ul>
 *   <li>A household event carries the whole household with its {@code version}: it replaces what is here only
 *       if newer. A person who moved appears in two households' events, which may arrive in either order
 *       (different keys): a person row follows the household event with the later CloudEvent {@code time}, so
 *       an older event of the household they left cannot take them back.</li>
 *   <li>A place that moves ({@code PlaceChanged} with {@code previousPath}): every path under the old one now
 *       starts with the new one, in the read model and in each {@link PathColumn} the service named.</li>
 * </ul>
 */
public final class ResidentsReadModel {

    public static final String PLACE_TOPIC = "lifeline.residents.place.v1";
    public static final String HOUSEHOLD_TOPIC = "lifeline.residents.household.v1";
    public static final String GRID_TOPIC = "lifeline.residents.grid.v1";

    /** A column of the service's own tables that holds a place path and must follow a move. */
    public record PathColumn(String table, String column) {

        public PathColumn {
            if (!table.matches("[a-z_]+") || !column.matches("[a-z_]+")) {
                throw new IllegalArgumentException("not a plain identifier: " + table + "." + column);
            }
        }

        public static PathColumn of(String table, String column) {
            return new PathColumn(table, column);
        }
    }

    private final boolean households;
    private final boolean persons;
    private final boolean grids;
    private final List<PathColumn> followMoves;

    private ResidentsReadModel(boolean households, boolean persons, boolean grids, List<PathColumn> followMoves) {
        this.households = households || persons;
        this.persons = persons;
        this.grids = grids;
        this.followMoves = List.copyOf(followMoves);
    }

    /** Places only. */
    public static ResidentsReadModel places() {
        return new ResidentsReadModel(false, false, false, List.of());
    }

    /** And households (code, place, control status), without their persons. */
    public ResidentsReadModel withHouseholds() {
        return new ResidentsReadModel(true, persons, grids, followMoves);
    }

    /**
     * And households with their persons (name, birth date, relation, verified flags): only for a service that
     * needs them, as each copy of personal data is one more place it can leak from.
     */
    public ResidentsReadModel withPersons() {
        return new ResidentsReadModel(true, true, grids, followMoves);
    }

    /** And grids (网格) with their grid worker. */
    public ResidentsReadModel withGrids() {
        return new ResidentsReadModel(households, persons, true, followMoves);
    }

    /** And these columns of the service's own tables follow a place that moves. */
    public ResidentsReadModel followingMoves(PathColumn... columns) {
        List<PathColumn> all = new ArrayList<>(followMoves);
        all.addAll(List.of(columns));
        return new ResidentsReadModel(households, persons, grids, all);
    }

    /** The handlers by topic, to run in an {@link InboxConsumer} with the service's other handlers. */
    public Map<String, EventHandler> handlers() {
        Map<String, EventHandler> handlers = new LinkedHashMap<>();
        handlers.put(PLACE_TOPIC, (c, topic, key, event) -> onPlaceTopic(c, event));
        if (households) {
            handlers.put(HOUSEHOLD_TOPIC, (c, topic, key, event) -> onHouseholdTopic(c, event));
        }
        if (grids) {
            handlers.put(GRID_TOPIC, (c, topic, key, event) -> onPlaceTopic(c, event));
        }
        return handlers;
    }

    /**
     * Starts a consumer of these handlers and {@code others} (more topics of the service's own), named and grouped as
     * the service says.
     */
    public InboxConsumer start(String name, String bootstrapServers, String groupId, AgroalDataSource dataSource,
            Map<String, EventHandler> others) {
        Map<String, EventHandler> all = new HashMap<>(handlers());
        all.putAll(others);
        return new InboxConsumer(name, bootstrapServers, groupId, dataSource, all).start();
    }

    void onPlaceTopic(Connection c, JsonNode event) throws SQLException {
        String type = event.path("type").asText();
        if (ResidentsEvents.PLACE_CREATED.equals(type) || ResidentsEvents.PLACE_CHANGED.equals(type)) {
            place(c, ResidentsEvents.place(event));
        } else if (ResidentsEvents.GRID_CREATED.equals(type) && grids) {
            grid(c, ResidentsEvents.grid(event));
        }
        // GridCreated for a service without grids, or a type from a newer residents: not ours to read
    }

    void onHouseholdTopic(Connection c, JsonNode event) throws SQLException {
        if (ResidentsEvents.HOUSEHOLD_CHANGED.equals(event.path("type").asText())) {
            household(c, ResidentsEvents.household(event));
        }
    }

    void place(Connection c, ResidentsEvents.Place place) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO place_rm (code, name, level, parent_code, path) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, "
                + "parent_code = EXCLUDED.parent_code, path = EXCLUDED.path")) {
            s.setString(1, place.code());
            s.setString(2, place.name());
            s.setString(3, place.level());
            s.setString(4, place.parentCode());
            s.setString(5, place.path());
            s.executeUpdate();
        }
        if (place.previousPath() == null || place.previousPath().equals(place.path())) {
            return;
        }
        List<PathColumn> moved = new ArrayList<>();
        if (households) {
            moved.add(PathColumn.of("household_rm", "place_path"));
        }
        if (persons) {
            moved.add(PathColumn.of("person_rm", "place_path"));
        }
        moved.addAll(followMoves);
        String like = place.previousPath().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE place_rm SET path = ? || substr(path, ?) WHERE path LIKE ? AND code <> ?")) {
            s.setString(1, place.path());
            s.setInt(2, place.previousPath().length() + 1);
            s.setString(3, like);
            s.setString(4, place.code());
            s.executeUpdate();
        }
        for (PathColumn column : moved) {
            String col = column.column();
            try (PreparedStatement s = c.prepareStatement("UPDATE " + column.table() + " SET " + col + " = ? || substr("
                    + col + ", ?) WHERE " + col + " LIKE ?")) {
                s.setString(1, place.path());
                s.setInt(2, place.previousPath().length() + 1);
                s.setString(3, like);
                s.executeUpdate();
            }
        }
    }

    void grid(Connection c, ResidentsEvents.Grid grid) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO grid_rm (code, community_code, name, grid_worker) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET community_code = EXCLUDED.community_code, "
                + "name = EXCLUDED.name, grid_worker = EXCLUDED.grid_worker")) {
            s.setString(1, grid.code());
            s.setString(2, grid.communityCode());
            s.setString(3, grid.name());
            s.setString(4, grid.gridWorker());
            s.executeUpdate();
        }
    }

    void household(Connection c, ResidentsEvents.Household h) throws SQLException {
        int changed;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO household_rm (id, code, unit_code, room, place_path, "
                + "status, version, grid_code, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE "
                + "SET code = EXCLUDED.code, unit_code = EXCLUDED.unit_code, room = EXCLUDED.room, "
                + "grid_code = EXCLUDED.grid_code, place_path = EXCLUDED.place_path, status = EXCLUDED.status, "
                + "version = EXCLUDED.version, updated_at = EXCLUDED.updated_at "
                + "WHERE household_rm.version < EXCLUDED.version")) {
            s.setObject(1, h.householdId());
            s.setString(2, h.code());
            s.setString(3, h.unitCode());
            s.setString(4, h.room());
            s.setString(5, h.placePath());
            s.setString(6, h.status());
            s.setLong(7, h.version());
            s.setString(8, h.gridCode());
            // residents' clock, not the arrival: the household topic's partitions arrive in any order, and "the latest
            // household with this code" must not depend on which partition a consumer happened to read first
            s.setObject(9, h.time());
            changed = s.executeUpdate();
        }
        if (changed == 0 || !persons) {
            return; // an older or equal state of the household, or a service that keeps no persons
        }
        Timestamp seen = Timestamp.from(h.time().toInstant());
        List<UUID> members = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO person_rm (id, household_id, name, birth_date, "
                + "relation, flags, seen_at, position, place_path, grid_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (id) DO UPDATE SET household_id = EXCLUDED.household_id, name = EXCLUDED.name, "
                + "birth_date = EXCLUDED.birth_date, place_path = EXCLUDED.place_path, grid_code = EXCLUDED.grid_code, "
                + "relation = EXCLUDED.relation, flags = EXCLUDED.flags, seen_at = EXCLUDED.seen_at, "
                + "position = EXCLUDED.position WHERE person_rm.seen_at <= EXCLUDED.seen_at")) {
            short position = 0;
            for (ResidentsEvents.Person p : h.persons()) {
                members.add(p.personId());
                s.setObject(1, p.personId());
                s.setObject(2, h.householdId());
                s.setString(3, p.name());
                s.setObject(4, p.birthDate());
                s.setString(5, p.relation());
                s.setArray(6, c.createArrayOf("text", p.flags().toArray()));
                s.setTimestamp(7, seen);
                s.setShort(8, position++);
                s.setString(9, h.placePath());
                s.setString(10, h.gridCode());
                s.addBatch();
            }
            s.executeBatch();
        }
        // members no longer in this household (removed, or moved and not yet seen elsewhere)
        try (PreparedStatement s = c.prepareStatement("DELETE FROM person_rm WHERE household_id = ? "
                + "AND NOT (id = ANY (?)) AND seen_at <= ?")) {
            s.setObject(1, h.householdId());
            s.setArray(2, c.createArrayOf("uuid", members.toArray()));
            s.setTimestamp(3, seen);
            s.executeUpdate();
        }
    }
}
