package org.lifeline.residents.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.residents.support.Fixture;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.MaskRebuild;
import org.lifeline.servers.Tokens;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.residents.support.Fixture.as;

/**
 * Issue 18 item 1: for every masked field of the household, person, search and export answers, an attacker
 * who reads the rest of the same answer (birth year, place codes, the area code assumed from them) still has
 * at least 1,000 ID numbers (10,000 phones) to choose from. Before the fix, the household answer carried the
 * birth date next to {@code 610113********3616} and each number was rebuilt exactly.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "residents"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class MaskRebuildResourceTest {

    static final long MIN_ID_CANDIDATES = 1_000;
    static final long MIN_PHONE_CANDIDATES = 10_000;

    static String unit;
    static UUID household;
    static String surname;

    @BeforeEach
    void register() {
        if (household != null) {
            return;
        }
        Fixture.baseHierarchy();
        unit = Fixture.freshUnit(Fixture.COMMUNITY_1);
        surname = "欧阳" + (char) ('甲' + new java.util.Random().nextInt(10));
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        // birthdays just before and just after today, and on the first and last day of a year: where age and
        // year together would narrow the date most
        household = Fixture.household("staff1", unit, "0101", List.of(
                Map.of("name", surname + "一", "idNumber", Fixture.idNumber(today.minusYears(40).minusDays(1)),
                        "phone", "13912345678", "relation", "householder"),
                Map.of("name", surname + "二", "idNumber", Fixture.idNumber(today.minusYears(38).plusDays(1)),
                        "phone", "13987654321", "relation", "spouse"),
                Map.of("name", surname + "三", "idNumber", Fixture.idNumber(LocalDate.of(2015, 1, 1)),
                        "relation", "child"),
                Map.of("name", surname + "四", "idNumber", Fixture.idNumber(LocalDate.of(1944, 12, 31)),
                        "relation", "parent")));
    }

    @Test
    void shouldNotRebuildIdNumbersFromTheHouseholdAnswer() {
        for (String user : List.of("staff1", "admin1")) {
            Object body = as(user).get("/api/residents/households/" + household).then().statusCode(200)
                    .extract().jsonPath().get("$");
            assertNotRebuildable(user + " household", body, 6);
        }
    }

    @Test
    void shouldNotRebuildFromThePersonAnswer() {
        List<String> ids = as("staff1").get("/api/residents/households/" + household).then().statusCode(200)
                .extract().path("persons.id");
        for (String user : List.of("staff1", "admin1")) {
            for (String id : ids) {
                Object body = as(user).get("/api/residents/persons/" + id).then().statusCode(200)
                        .extract().jsonPath().get("$");
                assertNotRebuildable(user + " person " + id, body, 1);
            }
        }
    }

    @Test
    void shouldNotRebuildFromSearchHits() {
        Object body = as("staff1").queryParam("q", surname).get("/api/residents/persons").then().statusCode(200)
                .extract().jsonPath().get("$");
        assertNotRebuildable("search", body, 6);
    }

    @Test
    void shouldNotRebuildFromMaskedExports() throws Exception {
        String csv = export("csv").asString();
        List<List<String>> table = new ArrayList<>();
        for (String line : csv.lines().toList()) {
            table.add(Arrays.asList(line.split(",", -1)));
        }
        assertNotRebuildable("csv export", MaskRebuild.rows(table), 6);

        byte[] xlsx = export("xlsx").asByteArray();
        List<List<String>> sheet = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            for (Row row : wb.getFirstSheet().read()) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < row.getCellCount(); i++) {
                    cells.add(row.getCellText(i));
                }
                sheet.add(cells);
            }
        }
        assertNotRebuildable("xlsx export", MaskRebuild.rows(sheet), 6);
    }

    private static Response export(String format) {
        Response r = given().auth().oauth2(Tokens.of("staff1")).header("Accept-Language", "zh-CN")
                .queryParam("place", Fixture.compoundOf(unit)).queryParam("format", format)
                .get("/api/residents/exports/persons");
        r.then().statusCode(200);
        return r;
    }

    /** Every masked field leaves enough candidates; and there are as many masked fields as expected. */
    static void assertNotRebuildable(String what, Object document, int expectedFindings) {
        List<MaskRebuild.Finding> findings = MaskRebuild.scan(document, LocalDate.now(ZoneId.of("Asia/Shanghai")));
        assertTrue(findings.size() >= expectedFindings, what + ": masked fields found " + findings + " in " + document);
        for (MaskRebuild.Finding f : findings) {
            long min = f.field().toLowerCase().contains("phone") || f.field().contains("手机") ? MIN_PHONE_CANDIDATES
                    : MIN_ID_CANDIDATES;
            assertTrue(f.candidates() >= min, what + ": " + f + " can be rebuilt from " + document);
        }
        assertFalse(String.valueOf(document).contains("birthDate"), what + " carries a birth date: " + document);
    }
}
