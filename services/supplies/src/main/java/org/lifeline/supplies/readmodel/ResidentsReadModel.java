package org.lifeline.supplies.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.platform.inbox.InboxConsumer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The local read model of residents' places and households (ARCHITECTURE.md rule 3), so supplies keeps
 * serving when residents is down: household status (sealed, controlled), members' vulnerability flags and
 * birth dates (infants) feed the allocation score, the place path scopes staff by area. Built from {@code lifeline.residents.place.v1} and
 * {@code lifeline.residents.household.v1} through the platform inbox (each event applied once).
 *
 * <p>A household event carries the whole household with its {@code version}: it replaces what is
 * here only if newer. A person who moved appears in two households' events, which may arrive in
 * either order (different keys): a person row follows the household event with the later CloudEvent
 * {@code time}, so an older event of the household they left cannot take them back.
 */
@ApplicationScoped
public class ResidentsReadModel {

    public static final String HOUSEHOLD_TOPIC = "lifeline.residents.household.v1";
    public static final String PLACE_TOPIC = "lifeline.residents.place.v1";
    static final String PLACE_CREATED = "org.lifeline.residents.PlaceCreated.v1";
    static final String PLACE_CHANGED = "org.lifeline.residents.PlaceChanged.v1";

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "supplies.residents-events.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "supplies.residents-events.group-id", defaultValue = "supplies")
    String groupId;

    private InboxConsumer consumer;

    void start(@Observes StartupEvent event) {
        if (enabled) {
            consumer = new InboxConsumer("residents-events", bootstrapServers, groupId, dataSource,
                    Map.of(HOUSEHOLD_TOPIC, (c, topic, key, e) -> household(c, e),
                            PLACE_TOPIC, (c, topic, key, e) -> place(c, e))).start();
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (consumer != null) {
            consumer.close();
        }
    }

    /** Events applied since start (for health and tests). */
    public long applied() {
        return consumer == null ? 0 : consumer.applied();
    }

    static void household(Connection c, JsonNode event) throws SQLException {
        JsonNode d = event.get("data");
        UUID id = UUID.fromString(d.get("householdId").asText());
        Timestamp seen = Timestamp.from(OffsetDateTime.parse(event.get("time").asText()).toInstant());
        int changed;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO household_rm (id, code, unit_code, room, place_path, "
                + "status, version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, now()) ON CONFLICT (id) DO UPDATE SET "
                + "code = EXCLUDED.code, unit_code = EXCLUDED.unit_code, room = EXCLUDED.room, "
                + "place_path = EXCLUDED.place_path, status = EXCLUDED.status, version = EXCLUDED.version, "
                + "updated_at = now() WHERE household_rm.version < EXCLUDED.version")) {
            s.setObject(1, id);
            s.setString(2, d.get("code").asText());
            s.setString(3, d.get("unitCode").asText());
            s.setString(4, d.get("room").asText());
            s.setString(5, d.get("placePath").asText());
            s.setString(6, d.get("status").asText());
            s.setLong(7, d.get("version").asLong());
            changed = s.executeUpdate();
        }
        if (changed == 0) {
            return; // an older or equal state of the household: nothing to do
        }
        List<UUID> members = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO person_rm (id, household_id, name, birth_date, "
                + "relation, flags, seen_at, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                + "household_id = EXCLUDED.household_id, name = EXCLUDED.name, birth_date = EXCLUDED.birth_date, "
                + "relation = EXCLUDED.relation, flags = EXCLUDED.flags, seen_at = EXCLUDED.seen_at, "
                + "position = EXCLUDED.position "
                + "WHERE person_rm.seen_at <= EXCLUDED.seen_at")) {
            short position = 0;
            for (JsonNode p : d.get("persons")) {
                UUID person = UUID.fromString(p.get("personId").asText());
                members.add(person);
                List<String> flags = new ArrayList<>();
                p.path("flags").forEach(f -> flags.add(f.asText()));
                s.setObject(1, person);
                s.setObject(2, id);
                s.setString(3, p.get("name").asText());
                s.setObject(4, java.time.LocalDate.parse(p.get("birthDate").asText()));
                s.setString(5, p.get("relation").asText());
                s.setArray(6, c.createArrayOf("text", flags.toArray()));
                s.setTimestamp(7, seen);
                s.setShort(8, position++);
                s.addBatch();
            }
            s.executeBatch();
        }
        // members no longer in this household (removed, or moved and not yet seen elsewhere)
        try (PreparedStatement s = c.prepareStatement("DELETE FROM person_rm WHERE household_id = ? "
                + "AND NOT (id = ANY (?)) AND seen_at <= ?")) {
            s.setObject(1, id);
            s.setArray(2, c.createArrayOf("uuid", members.toArray()));
            s.setTimestamp(3, seen);
            s.executeUpdate();
        }
    }

    static void place(Connection c, JsonNode event) throws SQLException {
        String type = event.path("type").asText();
        if (!PLACE_CREATED.equals(type) && !PLACE_CHANGED.equals(type)) {
            return; // the topic also carries GridCreated: supplies keeps no grids (and a newer type is not ours to read)
        }
        JsonNode d = event.get("data");
        String path = d.get("path").asText();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO place_rm (code, name, level, parent_code, path) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, "
                + "parent_code = EXCLUDED.parent_code, path = EXCLUDED.path")) {
            s.setString(1, d.get("code").asText());
            s.setString(2, d.get("name").asText());
            s.setString(3, d.get("level").asText());
            s.setString(4, d.hasNonNull("parentCode") ? d.get("parentCode").asText() : null);
            s.setString(5, path);
            s.executeUpdate();
        }
        String previous = d.path("previousPath").asText(null);
        if (previous != null && !previous.equals(path)) {
            // a move: every path under the old one now starts with the new one
            for (String sql : List.of(
                    "UPDATE place_rm SET path = ? || substr(path, ?) WHERE path LIKE ? AND code <> ?",
                    "UPDATE household_rm SET place_path = ? || substr(place_path, ?) WHERE place_path LIKE ? AND ? IS NOT NULL",
                    "UPDATE supply_order SET place_path = ? || substr(place_path, ?), "
                            + "building_path = ? || substr(building_path, ?) WHERE place_path LIKE ? AND ? IS NOT NULL",
                    "UPDATE stock SET area_path = ? || substr(area_path, ?) WHERE area_path LIKE ? AND ? IS NOT NULL",
                    "UPDATE group_order SET building_path = ? || substr(building_path, ?) "
                            + "WHERE building_path LIKE ? AND ? IS NOT NULL")) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    int i = 1;
                    s.setString(i++, path);
                    s.setInt(i++, previous.length() + 1);
                    if (sql.startsWith("UPDATE supply_order")) {
                        s.setString(i++, path);
                        s.setInt(i++, previous.length() + 1);
                    }
                    s.setString(i++, previous.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
                    s.setString(i, d.get("code").asText());
                    s.executeUpdate();
                }
            }
        }
    }
}
