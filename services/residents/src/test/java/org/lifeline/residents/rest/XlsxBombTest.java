package org.lifeline.residents.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.residents.support.Fixture;
import org.lifeline.residents.support.XlsxBombs;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.residents.support.Fixture.as;

/**
 * Issue 18 item 8: an .xlsx that is small on disk and unpacks to more than the caps
 * ({@code residents.import.xlsx.*}, defaults of application.properties) is refused at upload with a 413
 * problem, Chinese first, and the service goes on answering.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "residents"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class XlsxBombTest {

    @BeforeEach
    void places() {
        Fixture.baseHierarchy();
    }

    @Test
    void shouldRefuseASheetThatUnpacksToMoreThanTheCapAndKeepAnswering() throws Exception {
        // 1.1 GiB of sheet (the default cap is 1 GiB) in about a megabyte
        byte[] bomb = XlsxBombs.sheetBomb(1100L << 20);
        assertTrue(bomb.length < 3 << 20, "small on disk: " + bomb.length);
        upload("zh-CN", bomb).then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://lifeline.example.org/problems/payload-too-large"))
                .body("title", equalTo("请求内容过大"))
                .body("detail", startsWith("文件解压后过大"))
                .body("detail", containsString("1024 MB"))
                .body("errors[0].field", equalTo("file"));
        stillAnswers();
    }

    @Test
    void shouldRefuseASharedStringTableOverTheCapAndKeepAnswering() throws Exception {
        // 5,000,001 shared strings (the default cap is 5,000,000): 85 MB of XML in a few hundred kilobytes
        byte[] bomb = XlsxBombs.sharedStringBomb(5_000_001L - 10);
        assertTrue(bomb.length < 3 << 20, "small on disk: " + bomb.length);
        upload("en", bomb).then().statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("more than 5000000 shared strings"));
        upload("zh-CN", bomb).then().statusCode(413)
                .body("detail", startsWith("文件中的共享字符串过多"));
        stillAnswers();
    }

    private static Response upload(String language, byte[] bytes) {
        return given().auth().oauth2(Tokens.of("staff1")).header("Accept-Language", language)
                .multiPart("file", "登记表.xlsx", bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .post("/api/residents/imports");
    }

    private static void stillAnswers() {
        given().get("/q/health/ready").then().statusCode(200);
        as("staff1").get("/api/residents/imports").then().statusCode(200);
        as("staff1").queryParam("parent", Fixture.COMMUNITY_1).get("/api/residents/places").then().statusCode(200);
    }
}
