package org.lifeline.medical.support;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.lifeline.servers.ResidentsEventsProducer;
import org.lifeline.servers.Tokens;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.lifeline.servers.ResidentsEventsProducer.member;

/** The demo households of resident1 and resident2 in the read model, and requests raised against them. */
public final class Fixtures {

    public static final String COMMUNITY1 = "/6101/610113/610113001/610113001001/";
    public static final UUID HOUSEHOLD1 = UUID.nameUUIDFromBytes("medical-test-resident1".getBytes(StandardCharsets.UTF_8));
    public static final UUID HOUSEHOLD2 = UUID.nameUUIDFromBytes("medical-test-resident2".getBytes(StandardCharsets.UTF_8));
    public static final UUID PERSON1 = UUID.nameUUIDFromBytes("medical-test-person1".getBytes(StandardCharsets.UTF_8));

    private Fixtures() {
    }

    /** Publishes the places and the two demo households and waits until medical knows resident1's. */
    public static void demoHouseholds(String bootstrap) throws Exception {
        try (ResidentsEventsProducer events = new ResidentsEventsProducer(bootstrap)) {
            events.baseHierarchy();
            household(events, HOUSEHOLD1, "610113001001", PERSON1, "王芳");
            household(events, HOUSEHOLD2, "610113001002", UUID.nameUUIDFromBytes("medical-test-person2".getBytes(StandardCharsets.UTF_8)), "赵强");
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                as("staff1").get("/api/medical/households/" + HOUSEHOLD1 + "/requests").statusCode() == 200
                        && as("staff2").get("/api/medical/households/" + HOUSEHOLD2 + "/requests").statusCode() == 200);
    }

    /** The path of resident1's unit in community 1 (the demo households publish it). */
    public static final String UNIT1_PATH = COMMUNITY1 + "610113001001-01/610113001001-01-01/610113001001-01-01-1/";

    /** A new household in resident1's unit (after {@link #demoHouseholds}), without requests; waits until medical knows it. */
    public static UUID freshHousehold(String bootstrap) throws Exception {
        UUID id = UUID.randomUUID();
        publishHousehold(bootstrap, id);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                as("staff1").get("/api/medical/households/" + id + "/requests").statusCode() == 200);
        return id;
    }

    /** Publishes a household in resident1's unit (no waiting). */
    public static void publishHousehold(String bootstrap, UUID id) throws Exception {
        try (ResidentsEventsProducer events = new ResidentsEventsProducer(bootstrap)) {
            events.household(UUID.randomUUID(), id, "610113001001-01-01-1", "R" + id.toString().substring(0, 6), UNIT1_PATH,
                    "normal", 1, OffsetDateTime.now(ZoneOffset.UTC), List.of(member(UUID.randomUUID(), "李明", "1985-02-03",
                            "householder")));
        }
    }

    private static void household(ResidentsEventsProducer events, UUID id, String community, UUID person, String name)
            throws Exception {
        String compound = community + "-01";
        String building = compound + "-01";
        String unit = building + "-1";
        String base = "/6101/610113/610113001/" + community + "/";
        events.place(compound, "小区", "compound", community, base + compound + "/");
        events.place(building, "1号楼", "building", compound, base + compound + "/" + building + "/");
        events.place(unit, "1单元", "unit", building, base + compound + "/" + building + "/" + unit + "/");
        events.household(UUID.randomUUID(), id, unit, "0101", base + compound + "/" + building + "/" + unit + "/",
                "normal", 1, OffsetDateTime.now(ZoneOffset.UTC), List.of(ResidentsEventsProducer.member(person, name, "1990-05-01", "householder")));
    }

    public static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON);
    }

    /** resident1 raises a request; returns its id. */
    public static String raise(String user, String category, Map<String, Object> answers) {
        return as(user).body(Map.of("category", category, "description", "腹痛，需要就医 " + UUID.randomUUID(),
                        "contact", Map.of("name", "王芳", "phone", "13912345678"), "answers", answers))
                .post("/api/medical/requests").then().statusCode(201).extract().path("request.id");
    }
}
