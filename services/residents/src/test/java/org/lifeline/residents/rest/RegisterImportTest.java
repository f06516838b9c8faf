package org.lifeline.residents.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.platform.privacy.NationalId;
import org.lifeline.residents.event.HouseholdChanged;
import org.lifeline.servers.EventCollector;
import org.lifeline.residents.support.Fixture;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.residents.support.Fixture.as;

/**
 * Register import (导入) over the real database and Kafka: good rows are committed, bad rows are
 * reported by line, a second import of the same file changes nothing, a corrected file updates.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "residents"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class RegisterImportTest {

    private static final String HEADER = "社区编码,小区,楼栋,单元,房号,姓名,身份证号,手机号,与户主关系,特殊人群";
    private static final Random RANDOM = new Random();
    /** A region code of its own for each run, so ID numbers never meet those of earlier runs. */
    private static final String REGION = "6" + String.format("%05d", RANDOM.nextInt(100_000));
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void places() {
        Fixture.baseHierarchy();
    }

    @Test
    void shouldCommitGoodRowsReportBadRowsAndChangeNothingOnReimport() throws Exception {
        String compound = "导入小区" + Integer.toString(RANDOM.nextInt(1 << 30), 36);
        String c1 = Fixture.COMMUNITY_1;
        String grandma = id();
        String grandpa = id();
        String child = id();
        String badCheck = grandma.substring(0, 17) + (grandma.charAt(17) == '0' ? '1' : '0');
        String spare = id();
        List<String> rows = List.of(
                row(c1, compound, "1号楼", "1单元", "0101", "王秀兰", grandma, "13800001111", "户主", "独居老人"),
                row(c1, compound, "1号楼", "1单元", "0101", "张建国", grandpa, "", "配偶", "慢性病；残疾人"),
                row(c1, compound, "1号楼", "1单元", "0502室", "李小明", child, "029-88886666", "子女", ""),
                row(c1, compound, "1号楼", "1单元", "0601", "赵错号", badCheck, "13800002222", "户主", ""),
                row(c1, compound, "1号楼", "1单元", "0601", "钱电话", spare, "1380000", "户主", ""),
                row(Fixture.COMMUNITY_2, compound, "1号楼", "1单元", "0701", "孙越界", id(), "", "户主", ""),
                row(c1, compound, "1号楼", "1单元", "0801", "周重复", grandma, "", "户主", ""),
                row(c1, compound, "1号楼", "1单元", "0901", "", id(), "", "户主", ""),
                row(c1, compound, "1号楼", "1单元", "1001", "吴关系", id(), "", "邻居", ""));
        byte[] file = csv(rows, StandardCharsets.UTF_8, true);

        JsonPath first = importAndWait("staff1", "register.csv", file);
        assertEquals("done", first.getString("status"), () -> first.prettify());
        assertEquals(9, first.getLong("rowsRead"));
        assertEquals(3, first.getLong("rowsAccepted"));
        assertEquals(6, first.getLong("rowsRejected"));
        assertEquals(3, first.getLong("personsCreated"));
        assertEquals(0, first.getLong("personsUpdated"));
        assertEquals(2, first.getLong("householdsCreated"));
        assertEquals(3, first.getLong("placesCreated"), "compound, building and unit were created");
        assertEquals(100, first.getInt("percent"));
        String jobId = first.getString("id");

        // the errors, by line (the header is line 1)
        as("staff1").queryParam("size", 50).get("/api/residents/imports/" + jobId + "/errors").then()
                .statusCode(200)
                .body("totalItems", equalTo(6))
                .body("items.line", equalTo(List.of(5, 6, 7, 8, 9, 10)))
                .body("items.field", equalTo(List.of("idNumber", "phone", "community", "idNumber", "name", "relation")))
                .body("items.code", equalTo(List.of("invalid-id-number", "invalid-phone", "outside-your-area",
                        "duplicate-in-file", "required", "unknown-relation")))
                .body("items[3].message", equalTo("also on line 2"));
        String report = given().auth().oauth2(Tokens.of("staff1")).header("Accept-Language", "zh-CN")
                .get("/api/residents/imports/" + jobId + "/errors.csv")
                .then().statusCode(200)
                .header("Content-Disposition", containsString("attachment"))
                .extract().asString();
        List<String> lines = report.lines().toList();
        assertEquals("\uFEFF行号,列,错误代码,原因", lines.get(0));
        assertEquals(7, lines.size(), report);
        assertTrue(lines.get(4).startsWith("8,idNumber,duplicate-in-file,与第 2 行重复"), lines.get(4));

        // what was committed: the places under the community, two households, three persons
        String unit = placeCode(c1, compound, "1号楼", "1单元");
        JsonPath households = as("staff1").queryParam("place", unit).get("/api/residents/households")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(unit + "-0101", unit + "-0502"), households.getList("items.code"));
        String room0101 = households.getString("items[0].id");
        JsonPath household = as("staff1").get("/api/residents/households/" + room0101).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("王秀兰", "张建国"), household.getList("persons.name"));
        assertEquals(List.of("householder", "spouse"), household.getList("persons.relation"));
        assertEquals(List.of("living-alone-over-70"), household.getList("persons[0].flags"));
        assertEquals(List.of("chronic-illness", "disabled"), sorted(household.getList("persons[1].flags")));
        assertEquals(org.lifeline.platform.privacy.Masking.idNumber(grandma),
                household.getString("persons[0].idNumber"), "masked in views");
        int version = household.getInt("version");

        // the new households were announced, without ID or phone numbers
        try (EventCollector events = new EventCollector(bootstrap, HouseholdChanged.TOPIC)) {
            List<ConsumerRecord<String, String>> mine = events.await(r -> room0101.equals(r.key()), 1, Duration.ofSeconds(60));
            JsonNode data = json.readTree(mine.get(0).value()).get("data");
            assertEquals("registered", data.get("change").asText());
            assertEquals(2, data.get("persons").size());
            assertFalse(mine.get(0).value().contains(grandma), "no ID number in events");
            assertFalse(mine.get(0).value().contains("13800001111"), "no phone in events");
        }

        // the same file again: nothing changes
        JsonPath again = importAndWait("staff1", "register.csv", file);
        assertEquals("done", again.getString("status"));
        assertEquals(3, again.getLong("rowsAccepted"));
        assertEquals(6, again.getLong("rowsRejected"));
        assertEquals(0, again.getLong("personsCreated"));
        assertEquals(0, again.getLong("personsUpdated"));
        assertEquals(0, again.getLong("householdsCreated"));
        assertEquals(0, again.getLong("placesCreated"));
        as("staff1").get("/api/residents/households/" + room0101).then().statusCode(200)
                .body("version", equalTo(version));

        // a corrected file: the phone added, the ID number fixed, a flag cleared
        List<String> corrected = new ArrayList<>(rows);
        corrected.set(1, row(c1, compound, "1号楼", "1单元", "0101", "张建国", grandpa, "13900003333", "配偶", "慢性病"));
        corrected.set(3, row(c1, compound, "1号楼", "1单元", "0601", "赵错号", id(), "13800002222", "户主", ""));
        JsonPath fixed = importAndWait("staff1", "register-fixed.csv", csv(corrected, StandardCharsets.UTF_8, false));
        assertEquals(4, fixed.getLong("rowsAccepted"));
        assertEquals(1, fixed.getLong("personsCreated"));
        assertEquals(1, fixed.getLong("personsUpdated"), "the phone changed; the flags are counted apart");
        assertEquals(1, fixed.getLong("householdsCreated"));
        JsonPath after = as("staff1").get("/api/residents/households/" + room0101).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(version + 1, after.getInt("version"));
        assertEquals(List.of("chronic-illness"), after.getList("persons[1].flags"));
        assertEquals("139****3333", after.getString("persons[1].phone"));
    }

    @Test
    void shouldReadGb18030CsvAndXlsxAndRefuseIdNumbersStoredAsNumbers() throws Exception {
        String compound = "表格小区" + Integer.toString(RANDOM.nextInt(1 << 30), 36);
        String a = id();
        String b = id();
        // CSV as Excel saves it on Chinese Windows: GB18030, no BOM, English headers this time
        String csv = "community,compound,building,unit,room,name,idNumber,phone,relation,flags\r\n"
                + String.join(",", Fixture.COMMUNITY_1, compound, "2号楼", "3单元", "0301", "欧阳娜娜", a, "", "householder", "dialysis")
                + "\r\n";
        JsonPath gbk = importAndWait("staff1", "登记表.csv", csv.getBytes(Charset.forName("GB18030")));
        assertEquals("done", gbk.getString("status"));
        assertEquals("GB18030", gbk.getString("charset"));
        assertEquals(1, gbk.getLong("personsCreated"));
        String unit = placeCode(Fixture.COMMUNITY_1, compound, "2号楼", "3单元");
        as("staff1").queryParam("q", "欧阳娜").get("/api/residents/persons").then().statusCode(200)
                .body("items.name", hasItems("欧阳娜娜"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Workbook wb = new Workbook(out, "lifeline-test", "1.0")) {
            Worksheet ws = wb.newWorksheet("登记");
            String[] header = HEADER.split(",");
            for (int i = 0; i < header.length; i++) {
                ws.value(0, i, header[i]);
            }
            Object[][] data = {
                    { Fixture.COMMUNITY_1, compound, "2号楼", "3单元", "0302", "上官云", b, 13800004444L, "户主", "" },
                    { Fixture.COMMUNITY_1, compound, "2号楼", "3单元", "0303", "司马光", Long.valueOf(id().substring(0, 17)), null, "户主", "" },
            };
            for (int r = 0; r < data.length; r++) {
                for (int c = 0; c < data[r].length; c++) {
                    Object v = data[r][c];
                    if (v instanceof String s && !s.isEmpty()) {
                        ws.value(r + 1, c, s);
                    } else if (v instanceof Long n) {
                        ws.value(r + 1, c, n);
                    }
                }
            }
        }
        JsonPath xlsx = importAndWait("staff1", "登记表.xlsx", out.toByteArray());
        assertEquals("done", xlsx.getString("status"), () -> xlsx.prettify());
        assertEquals("xlsx", xlsx.getString("format"));
        assertEquals(1, xlsx.getLong("personsCreated"));
        assertEquals(1, xlsx.getLong("rowsRejected"));
        as("staff1").get("/api/residents/imports/" + xlsx.getString("id") + "/errors").then().statusCode(200)
                .body("items[0].line", equalTo(3))
                .body("items[0].code", equalTo("id-stored-as-number"));
        as("staff1").queryParam("place", unit).get("/api/residents/households").then().statusCode(200)
                .body("items.code", equalTo(List.of(unit + "-0301", unit + "-0302")));
    }

    @Test
    void shouldRefuseBadFilesAndTheWrongCallers() {
        byte[] noIdColumn = "社区编码,小区,楼栋,单元,房号,姓名\n610113001001,a,b,c,0101,张三\n".getBytes(StandardCharsets.UTF_8);
        upload("staff1", "register.csv", noIdColumn).then().statusCode(400)
                .body("errors[0].field", equalTo("file"))
                .body("errors[0].message", containsString("idNumber"));
        upload("staff1", "old.xls", new byte[] { (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0 }).then().statusCode(400)
                .body("errors[0].message", containsString(".xlsx"));
        upload("staff1", "fake.xlsx", "not a zip".getBytes(StandardCharsets.UTF_8)).then().statusCode(400);
        given().auth().oauth2(Tokens.of("staff1")).contentType("multipart/form-data").multiPart("other", "x")
                .post("/api/residents/imports").then().statusCode(400).body("errors[0].field", equalTo("file"));

        byte[] good = csv(List.of(row(Fixture.COMMUNITY_1, "权限小区", "1号楼", "1单元", "0101", "冯权限", id(), "", "户主", "")),
                StandardCharsets.UTF_8, false);
        upload("grid1", "r.csv", good).then().statusCode(403);
        upload("resident1", "r.csv", good).then().statusCode(403);
        upload("admin1", "r.csv", good).then().statusCode(403);
        given().multiPart("file", "r.csv", good, "text/csv").post("/api/residents/imports").then().statusCode(401);

        JsonPath job = importAndWait("staff1", "r.csv", good);
        String id = job.getString("id");
        as("staff2").get("/api/residents/imports/" + id).then().statusCode(404);
        as("staff2").get("/api/residents/imports/" + id + "/errors").then().statusCode(404);
        given().auth().oauth2(Tokens.of("staff2")).get("/api/residents/imports/" + id + "/errors.csv").then().statusCode(404);
        as("staff1").get("/api/residents/imports").then().statusCode(200).body("items.id", hasItems(id));
        as("staff2").get("/api/residents/imports").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.not(hasItems(id)));
    }

    @Test
    void shouldRefuseLargeJsonBodiesButNotLargeUploads() {
        String big = "{\"name\":\"" + "x".repeat(1_200_000) + "\"}";
        as("staff1").body(big).post("/api/residents/households").then().statusCode(413)
                .contentType("application/problem+json");
        StringBuilder file = new StringBuilder(HEADER).append('\n');
        String compound = "大文件小区" + Integer.toString(RANDOM.nextInt(1 << 30), 36);
        for (int i = 0; i < 20_000; i++) {
            file.append(row(Fixture.COMMUNITY_1, compound, (1 + i / 2000) + "号楼", "1单元",
                    String.format("%04d", 101 + i % 2000), "测试" + i, id(), "", "户主", "")).append('\n');
        }
        byte[] bytes = file.toString().getBytes(StandardCharsets.UTF_8);
        assertTrue(bytes.length > 1_100_000, "bigger than the JSON limit: " + bytes.length);
        JsonPath job = importAndWait("staff1", "big.csv", bytes);
        assertEquals("done", job.getString("status"), () -> job.prettify());
        assertEquals(20_000, job.getLong("personsCreated"));
        assertEquals(20_000, job.getLong("householdsCreated"));
        assertEquals(0, job.getLong("rowsRejected"));
    }

    private static Response upload(String user, String name, byte[] bytes) {
        return given().auth().oauth2(Tokens.of(user)).header("Accept-Language", "en")
                .multiPart("file", name, bytes, "application/octet-stream")
                .post("/api/residents/imports");
    }

    private static JsonPath importAndWait(String user, String name, byte[] bytes) {
        Response accepted = upload(user, name, bytes);
        accepted.then().statusCode(202).header("Location", containsString("/api/residents/imports/"));
        String location = accepted.header("Location");
        String path = location.substring(location.indexOf("/api/"));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String status = as(user).get(path).then().statusCode(200).extract().path("status");
            return status.equals("done") || status.equals("failed");
        });
        return as(user).get(path).then().extract().jsonPath();
    }

    /** The code of a place found by the names under a community. */
    private static String placeCode(String community, String compound, String building, String unit) {
        String code = community;
        for (String name : List.of(compound, building, unit)) {
            List<Map<String, Object>> children = as("staff1").queryParam("parent", code).queryParam("size", 500)
                    .get("/api/residents/places").then().statusCode(200).extract().path("items");
            code = (String) children.stream().filter(p -> name.equals(p.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " not created")).get("code");
        }
        return code;
    }

    private static String row(String... cells) {
        return String.join(",", cells);
    }

    private static byte[] csv(List<String> rows, Charset charset, boolean bom) {
        String text = HEADER + "\r\n" + rows.stream().collect(Collectors.joining("\r\n")) + "\r\n";
        byte[] body = text.getBytes(charset);
        if (!bom) {
            return body;
        }
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        return withBom;
    }

    /** A valid ID number, unique within this run (birth date and sequence from a counter) and region. */
    private static String id() {
        int n = SEQUENCE.incrementAndGet();
        LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(n / 1000);
        String first17 = REGION + birth.toString().replace("-", "") + String.format("%03d", n % 1000);
        return first17 + NationalId.checkCharacter(first17);
    }

    private static List<String> sorted(List<String> list) {
        return list.stream().sorted().toList();
    }
}
