package org.lifeline.residents.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.residents.support.Fixture;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.lifeline.residents.support.Fixture.as;

/**
 * The hotline's phone lookup: a number in any format finds the households with a member of that number, a human
 * operator only inside their areas, the hotline's service account across the city; every match is audited; no
 * other role may ask.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "residents"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class PhoneLookupTest {

    static final String HOTLINE_CLIENT = "lifeline-hotline";
    static final String HOTLINE_SECRET = "lifeline-hotline-demo-secret";
    static final Random RANDOM = new Random();

    String mobile;
    String landline;
    UUID inCommunity1;
    UUID inCommunity2;
    UUID atLandline;

    @BeforeEach
    void households() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        Fixture.baseHierarchy();
        mobile = "139" + String.format("%08d", RANDOM.nextInt(100_000_000));
        String local = String.format("8%07d", RANDOM.nextInt(10_000_000));
        landline = "029-" + local;
        inCommunity1 = Fixture.household("staff1", Fixture.freshUnit(Fixture.COMMUNITY_1), "0101",
                List.of(member("王芳", mobile), member("王强", "13800000000")));
        inCommunity2 = Fixture.household("staff2", Fixture.freshUnit(Fixture.COMMUNITY_2), "0202",
                List.of(member("赵敏", mobile)));
        atLandline = Fixture.household("staff1", Fixture.freshUnit(Fixture.COMMUNITY_1), "0303",
                List.of(member("钱老伯", landline)));
    }

    static Map<String, Object> member(String name, String phone) {
        return Map.of("name", name, "idNumber", Fixture.idNumber(LocalDate.of(1950 + RANDOM.nextInt(50), 4, 4)),
                "phone", phone, "relation", "householder");
    }

    static RequestSpecification hotlineService() {
        return given().auth().oauth2(Tokens.ofClient(HOTLINE_CLIENT, HOTLINE_SECRET)).contentType(ContentType.JSON);
    }

    static io.restassured.response.ValidatableResponse lookup(RequestSpecification caller, String phone) {
        return caller.body(Map.of("phone", phone)).post("/api/residents/lookup/phone").then();
    }

    @Test
    void shouldMatchANumberWhateverItsFormatWithinTheOperatorsAreas() {
        String spaced = mobile.substring(0, 3) + " " + mobile.substring(3, 7) + " " + mobile.substring(7);
        String dashed = mobile.substring(0, 3) + "-" + mobile.substring(3, 7) + "-" + mobile.substring(7);
        for (String written : List.of(mobile, "+86 " + spaced, "+86-" + dashed, "0086" + mobile, "0086 " + spaced,
                "86" + mobile, "(+86) " + dashed)) {
            // operator1's area is the city: both households
            lookup(as("operator1"), written).statusCode(200)
                    .body("householdId", containsInAnyOrder(inCommunity1.toString(), inCommunity2.toString()));
        }
        lookup(as("operator1"), mobile).statusCode(200)
                .body("find { it.householdId == '" + inCommunity2 + "' }.placePath",
                        containsString("/" + Fixture.COMMUNITY_2 + "/"))
                .body("find { it.householdId == '" + inCommunity2 + "' }.householdCode",
                        containsString(Fixture.COMMUNITY_2 + "-"))
                // households, never persons or numbers
                .body("[0].keySet()", containsInAnyOrder("householdId", "householdCode", "placePath"));
        // operator2's area is community 2: only the household there
        lookup(as("operator2"), "+86 " + spaced).statusCode(200)
                .body("householdId", equalTo(List.of(inCommunity2.toString())));
        // a landline, stored with a dash after the area code, written the international way
        String local = landline.substring(4);
        lookup(as("operator1"), "+86 29 " + local.substring(0, 4) + " " + local.substring(4)).statusCode(200)
                .body("householdId", equalTo(List.of(atLandline.toString())));
        lookup(as("operator1"), landline.replace("-", "")).statusCode(200)
                .body("householdId", equalTo(List.of(atLandline.toString())));
        // a number nobody has
        lookup(as("operator1"), "137" + String.format("%08d", RANDOM.nextInt(100_000_000))).statusCode(200)
                .body("householdId", not(hasItem(inCommunity1.toString())));
    }

    @Test
    void shouldLetOperatorsReadTheAddressInWordsInsideTheirAreasOnly() {
        // the operator's screen names the caller's address: compound, building, unit
        String unit2 = Fixture.freshUnit(Fixture.COMMUNITY_2);
        String compound2 = Fixture.compoundOf(unit2);
        as("operator2").get("/api/residents/places/" + compound2).then().statusCode(200)
                .body("name", equalTo("测试小区")).body("level", equalTo("compound"));
        as("operator2").queryParam("parent", compound2).get("/api/residents/places").then().statusCode(200)
                .body("items.name", equalTo(List.of("1号楼")));
        as("operator1").get("/api/residents/places/" + unit2).then().statusCode(200).body("name", equalTo("1单元"));
        // another community's places are not operator2's, and reading is all an operator may do with places
        String unit1 = Fixture.freshUnit(Fixture.COMMUNITY_1);
        as("operator2").get("/api/residents/places/" + unit1).then().statusCode(403);
        as("operator1").body(Map.of("name", "改名")).patch("/api/residents/places/" + unit1).then().statusCode(403);
    }

    @Test
    void shouldLetTheHotlineServiceAccountMatchAcrossTheCity() {
        lookup(hotlineService(), "+86 " + mobile).statusCode(200)
                .body("householdId", containsInAnyOrder(inCommunity1.toString(), inCommunity2.toString()));
    }

    @Test
    void shouldAuditEveryMatchedPersonWithWhoAskedAndWhy() {
        String person = as("staff1").get("/api/residents/households/" + inCommunity1).then().statusCode(200)
                .extract().path("persons.find { it.name == '王芳' }.id");
        String other = as("staff1").get("/api/residents/households/" + inCommunity1).then().statusCode(200)
                .extract().path("persons.find { it.name == '王强' }.id");
        as("admin1").queryParam("person", person).get("/api/residents/audit/personal-data")
                .then().statusCode(200).body("", hasSize(0));

        lookup(as("operator1"), mobile).statusCode(200);
        lookup(hotlineService(), "0086" + mobile).statusCode(200);

        as("admin1").queryParam("person", person).get("/api/residents/audit/personal-data")
                .then().statusCode(200)
                .body("", hasSize(2))
                .body("actorUsername", containsInAnyOrder("operator1", "service-account-" + HOTLINE_CLIENT))
                .body("fields", equalTo(List.of(List.of("phone"), List.of("phone"))))
                .body("[0].purpose", containsString("hotline"))
                .body("[0].householdId", equalTo(inCommunity1.toString()));
        // the household's other member, of another number, was not read
        as("admin1").queryParam("person", other).get("/api/residents/audit/personal-data")
                .then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void shouldRefuseOtherRolesAndWhatIsNotAPhoneNumber() {
        lookup(as("staff1"), mobile).statusCode(403);
        lookup(as("resident1"), mobile).statusCode(403);
        lookup(as("admin1"), mobile).statusCode(403);
        lookup(given().contentType(ContentType.JSON), mobile).statusCode(401);
        // a partner's client-credentials token is not the hotline's
        lookup(given().auth().oauth2(Tokens.ofClient("demo-lab", "demo-lab-secret")).contentType(ContentType.JSON), mobile)
                .statusCode(403);
        for (String bad : List.of("12345", "+1 415 555 0100", "139abc12345", "2345678901234", "")) {
            lookup(as("operator1"), bad).statusCode(400).body("errors[0].field", equalTo("phone"));
        }
        // Chinese first: no Accept-Language
        given().auth().oauth2(Tokens.of("operator1")).contentType(ContentType.JSON).body(Map.of("phone", "12345"))
                .post("/api/residents/lookup/phone").then().statusCode(400)
                .body("errors[0].message", containsString("手机号"));
        as("operator1").body("{}").post("/api/residents/lookup/phone").then().statusCode(400);
    }

    @Test
    void shouldLetAnOperatorReadAHouseholdMaskedInTheirAreasOnly() {
        as("operator1").get("/api/residents/households/" + inCommunity1).then().statusCode(200)
                .body("persons.find { it.name == '王芳' }.phone", equalTo(mobile.substring(0, 3) + "****" + mobile.substring(7)));
        as("operator1").get("/api/residents/households/" + inCommunity1 + "/status-history").then().statusCode(200);
        as("operator2").get("/api/residents/households/" + inCommunity2).then().statusCode(200);
        as("operator2").get("/api/residents/households/" + inCommunity1).then().statusCode(404);
        // the residents search the hotline's household lookup uses: last four digits, in the operator's areas
        as("operator2").queryParam("q", mobile.substring(7)).queryParam("size", 500).get("/api/residents/persons")
                .then().statusCode(200).body("items.householdId", hasItem(inCommunity2.toString()))
                .body("items.householdId", not(hasItem(inCommunity1.toString())));
        // masked reads only: no reveal for an operator
        String person = as("staff1").get("/api/residents/households/" + inCommunity1).then().statusCode(200)
                .extract().path("persons[0].id");
        as("operator1").queryParam("reveal", "phone").queryParam("purpose", "call back")
                .get("/api/residents/persons/" + person).then().statusCode(403);
    }
}
