package org.lifeline.residents.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.residents.event.HouseholdChanged;
import org.lifeline.residents.support.Fixture;
import org.lifeline.servers.EventCollector;
import org.lifeline.servers.LifelineServersResource;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.residents.support.Fixture.as;

/**
 * Issue 18 item 2: what a resident declares (members, flags) counts once staff verify it; impossible flags are
 * refused; a resident cannot learn from the answer whether an ID number is registered elsewhere.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "residents"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class DeclaredMembersTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    final ObjectMapper json = new ObjectMapper();
    static UUID own;
    static String unit;

    @BeforeEach
    void household() {
        if (own == null) {
            Fixture.baseHierarchy();
            own = Fixture.resident1Household();
            unit = Fixture.freshUnit(Fixture.COMMUNITY_1);
        }
    }

    private static Map<String, Object> member(String name, String idNumber, String relation, String... flags) {
        return Map.of("name", name, "idNumber", idNumber, "relation", relation, "flags", List.of(flags));
    }

    @Test
    void shouldRefuseTheReportedTwoYearOldWhoIsPregnantOnDialysisAndDisabled() {
        String toddler = Fixture.idNumber(TODAY.minusYears(2), true);
        String name = "李小宝" + UUID.randomUUID().toString().substring(0, 4);
        io.restassured.RestAssured.given().auth().oauth2(org.lifeline.servers.Tokens.of("resident1"))
                .contentType(io.restassured.http.ContentType.JSON).header("Accept-Language", "zh-CN")
                .body(member(name, toddler, "child", "pregnant", "dialysis", "disabled"))
                .post("/api/residents/households/" + own + "/persons")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://lifeline.example.org/problems/validation"))
                .body("errors[0].field", equalTo("flags"))
                .body("errors[0].message", equalTo("孕产妇标记仅适用于身份证号为女性（第17位为偶数）且年龄在14至55岁之间的人员"));
        as("resident1").get("/api/residents/households/" + own).then().statusCode(200)
                .body("persons.name", not(hasItem(name)));
    }

    @Test
    void shouldRefuseFlagsThatCannotBeTrueWhoeverEntersThem() {
        String man = Fixture.idNumber(TODAY.minusYears(30), false);
        String woman60 = Fixture.idNumber(TODAY.minusYears(60), true);
        String adult = Fixture.idNumber(TODAY.minusYears(40), true);
        for (String user : List.of("resident1", "staff1")) {
            for (Map<String, Object> body : List.of(member("甲", man, "other", "pregnant"),
                    member("乙", woman60, "other", "pregnant"),
                    member("丙", adult, "other", "living-alone-over-70"),
                    member("丁", adult, "other", "child-without-guardian"))) {
                as(user).body(body).post("/api/residents/households/" + own + "/persons")
                        .then().statusCode(400).contentType("application/problem+json")
                        .body("errors[0].field", equalTo("flags"));
            }
        }
        // plausible ones pass: a woman of 30 pregnant, a child of 2 on dialysis, a man of 75 living alone
        UUID household = Fixture.household("staff1", unit, "0901", List.of(
                member("孕妇", Fixture.idNumber(TODAY.minusYears(30), true), "householder", "pregnant"),
                member("幼儿", Fixture.idNumber(TODAY.minusYears(2), false), "child", "dialysis", "child-without-guardian"),
                member("老人", Fixture.idNumber(TODAY.minusYears(75), false), "parent", "living-alone-over-70")));
        as("staff1").get("/api/residents/households/" + household).then().statusCode(200)
                .body("persons.verified", equalTo(List.of(true, true, true)));
    }

    @Test
    void shouldCountADeclaredMemberAndFlagsOnlyOnceStaffVerifyThem() throws Exception {
        String name = "申报" + UUID.randomUUID().toString().substring(0, 4);
        ExtractableResponse<Response> declared = as("resident1")
                .body(member(name, Fixture.idNumber(TODAY.minusYears(30), true), "spouse", "pregnant", "dialysis"))
                .post("/api/residents/households/" + own + "/persons")
                .then().statusCode(201)
                .body("verified", equalTo(false))
                .body("flags", empty())
                .body("declaredFlags", containsInAnyOrder("pregnant", "dialysis"))
                .extract();
        String person = declared.path("id");

        // staff see it pending, the care list does not count it, the event does not carry it
        as("staff1").queryParam("size", 500).get("/api/residents/persons/pending").then().statusCode(200)
                .body("items.id", hasItem(person));
        as("staff1").queryParam("size", 500).get("/api/residents/care-list").then().statusCode(200)
                .body("items.personId", not(hasItem(person)));
        // resident1 may not verify their own declaration; staff of the other community do not see it
        as("resident1").body(Map.of()).post("/api/residents/persons/" + person + "/verify").then().statusCode(403);
        as("staff2").body(Map.of()).post("/api/residents/persons/" + person + "/verify").then().statusCode(404);
        as("grid1").body(Map.of()).post("/api/residents/persons/" + person + "/verify").then().statusCode(403);

        // staff confirm the member and one of the two flags
        as("staff1").body(Map.of("flags", List.of("dialysis"))).post("/api/residents/persons/" + person + "/verify")
                .then().statusCode(200)
                .body("verified", equalTo(true))
                .body("flags", equalTo(List.of("dialysis")))
                .body("declaredFlags", empty());
        as("staff1").queryParam("size", 500).queryParam("flag", "dialysis").get("/api/residents/care-list")
                .then().statusCode(200).body("items.personId", hasItem(person));

        try (EventCollector events = new EventCollector(bootstrap, HouseholdChanged.TOPIC)) {
            List<ConsumerRecord<String, String>> mine = events.await(r -> own.toString().equals(r.key())
                    && r.value().contains(person), 1, Duration.ofSeconds(60));
            JsonNode data = json.readTree(mine.get(0).value()).get("data");
            assertEquals("person-added", data.get("change").asText(), "the member appears once verified");
            JsonNode member = null;
            for (JsonNode m : data.get("persons")) {
                member = person.equals(m.get("personId").asText()) ? m : member;
            }
            assertEquals("[\"dialysis\"]", member.get("flags").toString());
        }
        // the household's earlier events (the declaration) never named the person
        try (EventCollector events = new EventCollector(bootstrap, HouseholdChanged.TOPIC)) {
            List<ConsumerRecord<String, String>> all = events.await(r -> own.toString().equals(r.key()), 1,
                    Duration.ofSeconds(30));
            List<ConsumerRecord<String, String>> before = new ArrayList<>();
            for (ConsumerRecord<String, String> r : all) {
                JsonNode data = json.readTree(r.value()).get("data");
                if (!r.value().contains(person)) {
                    before.add(r);
                }
                for (JsonNode m : data.get("persons")) {
                    assertFalse(m.get("flags").toString().contains("pregnant") && person.equals(m.get("personId").asText()),
                            "a declared flag never travels: " + r.value());
                }
            }
            assertTrue(all.size() >= 1);
        }
        as("staff1").delete("/api/residents/persons/" + person).then().statusCode(204);
    }

    @Test
    void shouldKeepAFlagAResidentAddsToAVerifiedMemberPendingAndLetThemDropOne() {
        String id = Fixture.idNumber(TODAY.minusYears(45), true);
        String person = as("staff1").body(member("王芳", id, "spouse", "chronic-illness"))
                .post("/api/residents/households/" + own + "/persons")
                .then().statusCode(201).body("verified", equalTo(true)).extract().path("id");
        as("resident1").body(member("王芳", id, "spouse", "chronic-illness", "dialysis"))
                .put("/api/residents/persons/" + person)
                .then().statusCode(200)
                .body("verified", equalTo(true))
                .body("flags", equalTo(List.of("chronic-illness")))
                .body("declaredFlags", equalTo(List.of("dialysis")));
        // a new ID number from a resident makes the member declared again, with all its flags
        as("resident1").body(member("王芳", Fixture.idNumber(TODAY.minusYears(3), true), "child", "disabled"))
                .put("/api/residents/persons/" + person)
                .then().statusCode(200)
                .body("verified", equalTo(false))
                .body("flags", empty())
                .body("declaredFlags", equalTo(List.of("disabled")));
        as("staff1").post("/api/residents/persons/" + person + "/reject").then().statusCode(204);
        as("staff1").get("/api/residents/persons/" + person).then().statusCode(404);
    }

    @Test
    void shouldAnswerAResidentTheSameForARegisteredAndANewNumber() {
        String registered = Fixture.idNumber(TODAY.minusYears(50), false);
        Fixture.household("staff1", unit, "0902", List.of(member("登记者", registered, "householder")));
        String fresh = Fixture.idNumber(TODAY.minusYears(50), false);

        ExtractableResponse<Response> a = as("resident1").body(member("甲某", registered, "other"))
                .post("/api/residents/households/" + own + "/persons").then().extract();
        ExtractableResponse<Response> b = as("resident1").body(member("乙某", fresh, "other"))
                .post("/api/residents/households/" + own + "/persons").then().extract();
        assertEquals(201, a.statusCode(), a.asString());
        assertEquals(b.statusCode(), a.statusCode());
        assertEquals(keys(b.jsonPath().getMap("$")), keys(a.jsonPath().getMap("$")));
        assertEquals(Boolean.FALSE, a.path("verified"));
        assertEquals(Boolean.FALSE, b.path("verified"));

        // staff get the clear conflict when they verify, and reject it
        String duplicate = a.path("id");
        as("staff1").body(Map.of()).post("/api/residents/persons/" + duplicate + "/verify")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://lifeline.example.org/problems/conflict"));
        as("staff1").post("/api/residents/persons/" + duplicate + "/reject").then().statusCode(204);
        as("staff1").body(Map.of()).post("/api/residents/persons/" + b.path("id") + "/verify").then().statusCode(200);
        // staff adding a registered number get a clear 409 at once
        as("staff1").body(member("丙某", registered, "other")).post("/api/residents/households/" + own + "/persons")
                .then().statusCode(409);
        as("staff1").delete("/api/residents/persons/" + b.path("id")).then().statusCode(204);
    }

    @Test
    void shouldRefuseAnImpossibleFlagInARegisterImportByLine() {
        String file = "社区编码,小区,楼栋,单元,房号,姓名,身份证号,与户主关系,特殊人群\n"
                + String.join(",", Fixture.COMMUNITY_1, "核实小区", "1号楼", "1单元", "0101", "赵先生",
                        Fixture.idNumber(TODAY.minusYears(30), false), "户主", "孕产妇") + "\n";
        Response accepted = io.restassured.RestAssured.given().auth().oauth2(org.lifeline.servers.Tokens.of("staff1"))
                .multiPart("file", "r.csv", file.getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/csv")
                .post("/api/residents/imports");
        accepted.then().statusCode(202);
        String job = accepted.jsonPath().getString("id");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> "done".equals(
                as("staff1").get("/api/residents/imports/" + job).then().extract().path("status")));
        as("staff1").get("/api/residents/imports/" + job + "/errors").then().statusCode(200)
                .body("items[0].line", equalTo(2))
                .body("items[0].code", equalTo("impossible-flag"));
    }

    private static Set<String> keys(Map<String, Object> map) {
        return map.keySet();
    }
}
