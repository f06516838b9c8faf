package org.lifeline.residents.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.platform.privacy.Masking;
import org.lifeline.platform.privacy.NationalId;
import org.lifeline.residents.support.Fixture;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.residents.support.Fixture.as;

/** Exports (导出): masked by default, unmasked only with a role and a purpose, always audited, re-importable. */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "residents"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class RegisterExportTest {

    private static final Random RANDOM = new Random();
    private static final String REGION = "6" + String.format("%05d", RANDOM.nextInt(100_000));
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    static String compound;
    static String compoundCode;
    static List<String> ids;

    @BeforeEach
    void register() {
        if (compound != null) {
            return;
        }
        Fixture.baseHierarchy();
        compound = "导出小区" + Integer.toString(RANDOM.nextInt(1 << 30), 36);
        ids = List.of(id(), id(), id());
        String c1 = Fixture.COMMUNITY_1;
        String file = "社区编码,小区,楼栋,单元,房号,姓名,身份证号,手机号,与户主关系,特殊人群\n"
                + String.join(",", c1, compound, "1号楼", "1单元", "0101", "陈静", ids.get(0), "13811112222", "户主", "透析患者") + "\n"
                + String.join(",", c1, compound, "1号楼", "1单元", "0101", "=cmd|' /C calc'!A0", ids.get(1), "", "配偶", "") + "\n"
                + String.join(",", c1, compound, "1号楼", "2单元", "0201", "何平", ids.get(2), "13833334444", "户主", "") + "\n";
        Response accepted = given().auth().oauth2(Tokens.of("staff1"))
                .multiPart("file", "r.csv", file.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/residents/imports");
        accepted.then().statusCode(202);
        String job = accepted.jsonPath().getString("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> "done".equals(
                as("staff1").get("/api/residents/imports/" + job).then().extract().path("status")));
        List<java.util.Map<String, Object>> children = as("staff1").queryParam("parent", c1).queryParam("size", 500)
                .get("/api/residents/places").then().statusCode(200).extract().path("items");
        compoundCode = (String) children.stream().filter(p -> compound.equals(p.get("name"))).findFirst().orElseThrow()
                .get("code");
    }

    @Test
    void shouldExportMaskedByDefaultAndAuditIt() {
        String csv = export("staff1", "csv", null, null).then().statusCode(200)
                .header("Content-Disposition", containsString("-masked.csv"))
                .header("X-Total-Count", "3")
                .header("Cache-Control", "no-store")
                .extract().asString();
        List<String> lines = csv.lines().toList();
        assertEquals("\uFEFF社区编码,小区,楼栋,单元,房号,姓名,身份证号,手机号,与户主关系,特殊人群,管控状态", lines.get(0));
        assertEquals(4, lines.size(), csv);
        assertEquals(String.join(",", Fixture.COMMUNITY_1, compound, "1号楼", "1单元", "0101", "陈静",
                Masking.idNumber(ids.get(0)), "138****2222", "户主", "透析患者", "常态"), lines.get(1));
        assertTrue(lines.get(2).contains(",\"'=cmd|' /C calc'!A0\","), "a formula is neutralised: " + lines.get(2));
        for (String id : ids) {
            assertFalse(csv.contains(id), "no full ID number in a masked export");
        }

        given().auth().oauth2(Tokens.of("district1")).get("/api/residents/exports/audit").then().statusCode(200)
                .body("find { it.placeCode == '" + compoundCode + "' }.actorUsername", equalTo("staff1"))
                .body("find { it.placeCode == '" + compoundCode + "' }.revealed", equalTo(null))
                .body("find { it.placeCode == '" + compoundCode + "' }.rows", equalTo(3));
    }

    @Test
    void shouldExportUnmaskedWithAPurposeAuditEachPersonAndReimportAsNoChange() {
        byte[] unmasked = export("staff1", "csv", "idNumber,phone", "核酸检测名单核对").then().statusCode(200)
                .extract().asByteArray();
        String text = new String(unmasked, StandardCharsets.UTF_8);
        for (String id : ids) {
            assertTrue(text.contains(id), "unmasked export holds " + id);
        }
        String person = as("staff1").queryParam("q", ids.get(0).substring(14)).get("/api/residents/persons")
                .then().statusCode(200).extract().path("items.find { it.name == '陈静' }.id");
        given().auth().oauth2(Tokens.of("district1")).queryParam("person", person)
                .get("/api/residents/audit/personal-data").then().statusCode(200)
                .body("purpose", hasItem("export: 核酸检测名单核对"));

        // the export is a register file: importing it again changes nothing
        Response accepted = given().auth().oauth2(Tokens.of("staff1"))
                .multiPart("file", "persons.csv", unmasked, "text/csv").post("/api/residents/imports");
        accepted.then().statusCode(202);
        String job = accepted.jsonPath().getString("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> "done".equals(
                as("staff1").get("/api/residents/imports/" + job).then().extract().path("status")));
        JsonPath done = as("staff1").get("/api/residents/imports/" + job).then().extract().jsonPath();
        assertEquals(3, done.getLong("rowsAccepted"), () -> done.prettify());
        assertEquals(0, done.getLong("personsCreated"));
        assertEquals(0, done.getLong("personsUpdated"));
    }

    @Test
    void shouldExportXlsxWithIdNumbersAsTextAndFilterByFlag() throws Exception {
        byte[] xlsx = given().auth().oauth2(Tokens.of("health1")).header("Accept-Language", "en")
                .queryParam("place", compoundCode).queryParam("format", "xlsx").queryParam("reveal", "idNumber")
                .queryParam("purpose", "dialysis schedule").queryParam("flag", "dialysis")
                .get("/api/residents/exports/persons").then().statusCode(200)
                .contentType(containsString("spreadsheetml"))
                .extract().asByteArray();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            List<Row> rows = wb.getFirstSheet().read();
            assertEquals(2, rows.size(), "header and the one dialysis patient");
            assertEquals("idNumber", rows.get(0).getCellText(6));
            assertEquals(ids.get(0), rows.get(1).getCellText(6));
            assertEquals("138****2222", rows.get(1).getCellText(7), "phone not revealed");
            assertEquals("dialysis", rows.get(1).getCellText(9));
        }
    }

    @Test
    void shouldRefuseWhoMayNotExportOrReveal() {
        export("grid1", "csv", null, null).then().statusCode(403);
        export("resident1", "csv", null, null).then().statusCode(403);
        export("admin1", "csv", null, null).then().statusCode(403);
        export("street1", "csv", null, null).then().statusCode(200);
        export("street1", "csv", "idNumber", "check").then().statusCode(403);
        export("staff1", "csv", "idNumber", null).then().statusCode(400).body("errors[0].field", equalTo("purpose"));
        export("staff2", "csv", null, null).then().statusCode(403);
        export("staff1", "pdf", null, null).then().statusCode(400).body("errors[0].field", equalTo("format"));
        as("staff1").queryParam("place", "nowhere-1").get("/api/residents/exports/persons").then().statusCode(404);
        as("staff1").get("/api/residents/exports/persons").then().statusCode(400).body("errors[0].field", equalTo("place"));
        as("staff1").get("/api/residents/exports/audit").then().statusCode(403);
        given().queryParam("place", compoundCode).get("/api/residents/exports/persons").then().statusCode(401);
    }

    private static Response export(String user, String format, String reveal, String purpose) {
        var request = given().auth().oauth2(Tokens.of(user)).header("Accept-Language", "zh-CN")
                .queryParam("place", compoundCode).queryParam("format", format);
        if (reveal != null) {
            request.queryParam("reveal", reveal);
        }
        if (purpose != null) {
            request.queryParam("purpose", purpose);
        }
        return request.get("/api/residents/exports/persons");
    }

    private static String id() {
        int n = SEQUENCE.incrementAndGet();
        LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(n * 37L);
        String first17 = REGION + birth.toString().replace("-", "") + String.format("%03d", n);
        return first17 + NationalId.checkCharacter(first17);
    }
}
