package org.lifeline.platform.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lifeline.platform.inbox.EventHandler;
import org.lifeline.platform.readmodel.ResidentsReadModel.PathColumn;
import org.lifeline.servers.SharedServers;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read model every consuming service uses, on a real PostgreSQL with the platform's migrations: places and a
 * move (with a service's own path columns), grids only where kept, households by version, persons by event time,
 * and a malformed event refused (so the inbox parks it).
 */
class ResidentsReadModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static String url;

    @BeforeAll
    static void schema() throws Exception {
        url = SharedServers.jdbcUrl("platform_readmodel");
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA public CASCADE");
            s.execute("CREATE SCHEMA public");
            for (String file : List.of("db/readmodel-places/V0_20__readmodel_places.sql",
                    "db/readmodel-households/V0_21__readmodel_households.sql", "db/readmodel-grids/V0_22__readmodel_grids.sql")) {
                try (InputStream in = ResidentsReadModel.class.getClassLoader().getResourceAsStream(file)) {
                    s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            s.execute("CREATE TABLE own_thing (id int PRIMARY KEY, place_path text NOT NULL)");
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(url, "postgres", "postgres");
    }

    private static void apply(ResidentsReadModel model, String topic, JsonNode event) throws Exception {
        EventHandler handler = model.handlers().get(topic);
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            handler.apply(c, topic, event.path("subject").asText(), event);
            c.commit();
        }
    }

    private static JsonNode event(String type, OffsetDateTime time, Map<String, Object> data) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("specversion", "1.0");
        e.put("id", UUID.randomUUID().toString());
        e.put("source", "/lifeline/residents");
        e.put("type", "org.lifeline.residents." + type + ".v1");
        e.put("time", time.toString());
        e.put("data", data);
        return JSON.valueToTree(e);
    }

    private static Map<String, Object> place(String code, String parent, String path, String previousPath) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("code", code);
        d.put("name", "地点" + code);
        d.put("level", "compound");
        d.put("parentCode", parent);
        d.put("path", path);
        if (previousPath != null) {
            d.put("previousPath", previousPath);
        }
        return d;
    }

    private static Map<String, Object> household(UUID id, String path, String status, long version, List<Map<String, Object>> persons) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("householdId", id.toString());
        d.put("code", "U1-0101");
        d.put("unitCode", "U1");
        d.put("room", "0101");
        d.put("placePath", path);
        d.put("status", status);
        d.put("version", version);
        d.put("persons", persons);
        return d;
    }

    private static Map<String, Object> person(UUID id, String name) {
        return Map.of("personId", id.toString(), "name", name, "birthDate", "1950-01-01", "relation", "householder",
                "flags", List.of("bedridden"));
    }

    private static List<String> strings(String sql, Object... args) throws Exception {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    @Test
    void shouldMoveEveryPathUnderAMovedPlaceIncludingTheServicesOwnColumns() throws Exception {
        ResidentsReadModel model = ResidentsReadModel.places().withPersons().followingMoves(PathColumn.of("own_thing", "place_path"));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        apply(model, ResidentsReadModel.PLACE_TOPIC, event("PlaceCreated", now, place("MA", null, "/MA/", null)));
        apply(model, ResidentsReadModel.PLACE_TOPIC, event("PlaceCreated", now, place("MB", null, "/MB/", null)));
        apply(model, ResidentsReadModel.PLACE_TOPIC, event("PlaceCreated", now, place("MC", "MA", "/MA/MC/", null)));
        apply(model, ResidentsReadModel.PLACE_TOPIC, event("PlaceCreated", now, place("MD", "MC", "/MA/MC/MD/", null)));
        UUID h = UUID.randomUUID();
        apply(model, ResidentsReadModel.HOUSEHOLD_TOPIC, event("HouseholdChanged", now,
                household(h, "/MA/MC/MD/", "normal", 0, List.of(person(UUID.randomUUID(), "张三")))));
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO own_thing VALUES (1, '/MA/MC/MD/'), (2, '/MA/')");
        }

        apply(model, ResidentsReadModel.PLACE_TOPIC, event("PlaceChanged", now, place("MC", "MB", "/MB/MC/", "/MA/MC/")));

        assertEquals(List.of("/MB/MC/MD/"), strings("SELECT path FROM place_rm WHERE code = 'MD'"));
        assertEquals(List.of("/MB/MC/MD/"), strings("SELECT place_path FROM household_rm WHERE id = ?", h));
        assertEquals(List.of("/MB/MC/MD/"), strings("SELECT place_path FROM person_rm WHERE household_id = ?", h));
        assertEquals(List.of("/MB/MC/MD/", "/MA/"), strings("SELECT place_path FROM own_thing ORDER BY id"));
    }

    @Test
    void shouldKeepGridsOnlyWhereTheServiceKeepsThemOnEitherTopic() throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Map<String, Object> grid = Map.of("code", "G-" + now.toEpochSecond(), "communityCode", "C1", "name", "第一网格",
                "gridWorker", "grid1");
        ResidentsReadModel placesOnly = ResidentsReadModel.places();
        assertFalse(placesOnly.handlers().containsKey(ResidentsReadModel.GRID_TOPIC));
        apply(placesOnly, ResidentsReadModel.PLACE_TOPIC, event("GridCreated", now, grid));
        assertEquals(List.of(), strings("SELECT code FROM grid_rm WHERE code = ?", grid.get("code")));
        assertEquals(List.of(), strings("SELECT code FROM place_rm WHERE code = ?", grid.get("code")));

        ResidentsReadModel withGrids = ResidentsReadModel.places().withGrids();
        apply(withGrids, ResidentsReadModel.GRID_TOPIC, event("GridCreated", now, grid));
        assertEquals(List.of("grid1"), strings("SELECT grid_worker FROM grid_rm WHERE code = ?", grid.get("code")));
    }

    @Test
    void shouldKeepTheNewestHouseholdAndPersonsByEventTimeAndNoPersonsWhereNotKept() throws Exception {
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC);
        ResidentsReadModel model = ResidentsReadModel.places().withPersons();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID son = UUID.randomUUID();
        UUID grandma = UUID.randomUUID();
        apply(model, ResidentsReadModel.HOUSEHOLD_TOPIC, event("HouseholdChanged", t0,
                household(a, "/P/", "normal", 1, List.of(person(grandma, "王秀兰"), person(son, "张强")))));
        // the son moved to b (b's event, later); then a stale version of a that still lists him arrives
        apply(model, ResidentsReadModel.HOUSEHOLD_TOPIC, event("HouseholdChanged", t0.plusSeconds(2),
                household(b, "/P/", "normal", 0, List.of(person(son, "张强")))));
        apply(model, ResidentsReadModel.HOUSEHOLD_TOPIC, event("HouseholdChanged", t0.plusSeconds(1),
                household(a, "/P/", "sealed", 0, List.of(person(grandma, "王秀兰"), person(son, "张强")))));
        assertEquals(List.of("normal"), strings("SELECT status FROM household_rm WHERE id = ?", a));
        assertEquals(List.of(b.toString()), strings("SELECT household_id::text FROM person_rm WHERE id = ?", son));

        ResidentsReadModel householdsOnly = ResidentsReadModel.places().withHouseholds();
        UUID c = UUID.randomUUID();
        apply(householdsOnly, ResidentsReadModel.HOUSEHOLD_TOPIC, event("HouseholdChanged", t0,
                household(c, "/P/", "controlled", 3, List.of(person(UUID.randomUUID(), "李四")))));
        assertEquals(List.of("controlled"), strings("SELECT status FROM household_rm WHERE id = ?", c));
        assertEquals(List.of(), strings("SELECT name FROM person_rm WHERE household_id = ?", c));
    }

    @Test
    void shouldNameTheHouseholdResidentsChangedLastForACodeWhateverOrderTheEventsArriveIn() throws Exception {
        // two households with one code (the first dissolved, the room registered again): the read model is asked
        // "which household is this resident's", and the answer is residents' latest, not the one read last
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC);
        ResidentsReadModel model = ResidentsReadModel.places().withHouseholds();
        String code = "CODE-" + UUID.randomUUID();
        UUID older = UUID.randomUUID();
        UUID newer = UUID.randomUUID();
        Map<String, Object> n = household(newer, "/P/", "normal", 0, List.of());
        n.put("code", code);
        Map<String, Object> o = household(older, "/P/", "normal", 4, List.of());
        o.put("code", code);
        // the newer household's partition is read first, the older one's backlog after it
        apply(model, ResidentsReadModel.HOUSEHOLD_TOPIC, event("HouseholdChanged", t0.plusSeconds(30), n));
        apply(model, ResidentsReadModel.HOUSEHOLD_TOPIC, event("HouseholdChanged", t0, o));
        String latest = "SELECT id::text FROM household_rm WHERE code = ? ORDER BY updated_at DESC LIMIT 1";
        assertEquals(List.of(newer.toString()), strings(latest, code));
        // the older household changes again later: now it is the latest
        o.put("version", 5);
        apply(model, ResidentsReadModel.HOUSEHOLD_TOPIC, event("HouseholdChanged", t0.plusSeconds(60), o));
        assertEquals(List.of(older.toString()), strings(latest, code));
    }

    @Test
    void shouldRefuseAPlaceWithoutAPathSoTheInboxParksIt() {
        Map<String, Object> broken = place("MX", null, "/MX/", null);
        broken.remove("path");
        Exception e = assertThrows(IllegalArgumentException.class, () -> apply(ResidentsReadModel.places(),
                ResidentsReadModel.PLACE_TOPIC, event("PlaceCreated", OffsetDateTime.now(ZoneOffset.UTC), broken)));
        assertTrue(e.getMessage().contains("path"), e.getMessage());
    }
}
