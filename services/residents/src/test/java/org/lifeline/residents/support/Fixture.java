package org.lifeline.residents.support;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.lifeline.platform.privacy.NationalId;
import org.lifeline.servers.Tokens;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

/**
 * Test data made through the API with real tokens. The demo realm's staff1 is responsible for
 * community 610113001001, staff2 for 610113001002; each test class builds its own compound there
 * (a fresh code), so tests do not depend on each other or on the demo data.
 */
public final class Fixture {

    public static final String STREET = "610113001";
    public static final String COMMUNITY_1 = "610113001001";
    public static final String COMMUNITY_2 = "610113001002";
    /** The household code in resident1's token (see identity/lifeline-realm.json). */
    public static final String RESIDENT1_HOUSEHOLD = "610113001001-01-01-1-0101";

    private static final Random RANDOM = new Random();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final java.util.Set<String> ISSUED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Fixture() {
    }

    public static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON).header("Accept-Language", "en");
    }

    /** The city, district, street and both demo communities; creating them twice is fine (409). */
    public static void baseHierarchy() {
        place("6101", "西安市", "city", null);
        place("610113", "雁塔区", "district", "6101");
        place(STREET, "电子城街道", "street", "610113");
        place(COMMUNITY_1, "电子城社区", "community", STREET);
        place(COMMUNITY_2, "丈八社区", "community", STREET);
    }

    public static void place(String code, String name, String level, String parent) {
        as("admin1").body(parent == null ? Map.of("code", code, "name", name, "level", level)
                : Map.of("code", code, "name", name, "level", level, "parentCode", parent))
                .post("/api/residents/places")
                .then().statusCode(anyOf(is(201), is(409)));
    }

    /** A fresh compound with one building and one unit under the community; returns the unit code. */
    public static String freshUnit(String community) {
        String compound = community + "-T" + Integer.toString(Math.abs(RANDOM.nextInt()), 36)
                + SEQUENCE.incrementAndGet();
        place(compound, "测试小区", "compound", community);
        place(compound + "-01", "1号楼", "building", compound);
        place(compound + "-01-1", "1单元", "unit", compound + "-01");
        return compound + "-01-1";
    }

    /** The compound code of a unit made by {@link #freshUnit}. */
    public static String compoundOf(String unit) {
        return unit.substring(0, unit.length() - "-01-1".length());
    }

    /** A valid national ID number for someone born on the date, never handed out before in this test run. */
    public static String idNumber(LocalDate birthDate) {
        return unused(birthDate, () -> RANDOM.nextInt(1000));
    }

    /**
     * A valid national ID number of a woman (17th digit even) or a man (odd) born on the date, never handed out before
     * in this test run.
     */
    public static String idNumber(LocalDate birthDate, boolean female) {
        return unused(birthDate, () -> RANDOM.nextInt(500) * 2 + (female ? 0 : 1));
    }

    /**
     * Many tests draw numbers for the same few birth dates; a random sequence alone collides now and then (a verified
     * number is unique: the second household is refused with 409), so the numbers of this run are remembered.
     */
    private static String unused(LocalDate birthDate, java.util.function.IntSupplier sequence) {
        String prefix = "610113" + birthDate.toString().replace("-", "");
        for (int attempt = 0; attempt < 10_000; attempt++) {
            String first17 = prefix + String.format("%03d", sequence.getAsInt());
            if (ISSUED.add(first17)) {
                return first17 + NationalId.checkCharacter(first17);
            }
        }
        throw new IllegalStateException("no unused ID number left for " + birthDate);
    }

    public static Map<String, Object> person(String name, LocalDate birthDate, String relation, String... flags) {
        return Map.of("name", name, "idNumber", idNumber(birthDate), "phone", "13812345678", "relation", relation,
                "flags", List.of(flags));
    }

    /** Registers a household as staff1 (community 1) or staff2 (community 2); returns its id. */
    public static UUID household(String staff, String unit, String room, List<Map<String, Object>> persons) {
        String id = as(staff).body(Map.of("unitCode", unit, "room", room, "persons", persons))
                .post("/api/residents/households")
                .then().statusCode(201)
                .extract().path("id");
        return UUID.fromString(id);
    }

    /** The household of the demo user resident1 (its code is in resident1's token); made if missing. */
    public static UUID resident1Household() {
        place(COMMUNITY_1 + "-01", "枫林小区", "compound", COMMUNITY_1);
        place(COMMUNITY_1 + "-01-01", "1号楼", "building", COMMUNITY_1 + "-01");
        place(COMMUNITY_1 + "-01-01-1", "1单元", "unit", COMMUNITY_1 + "-01-01");
        as("staff1").body(Map.of("unitCode", COMMUNITY_1 + "-01-01-1", "room", "0101",
                        "persons", List.of(person("李伟", LocalDate.of(1980, 3, 1), "householder"))))
                .post("/api/residents/households")
                .then().statusCode(anyOf(is(201), is(409)));
        String id = as("staff1").queryParam("place", COMMUNITY_1 + "-01-01-1").queryParam("size", 500)
                .get("/api/residents/households")
                .then().statusCode(200)
                .extract().path("items.find { it.code == '" + RESIDENT1_HOUSEHOLD + "' }.id");
        return UUID.fromString(id);
    }
}
