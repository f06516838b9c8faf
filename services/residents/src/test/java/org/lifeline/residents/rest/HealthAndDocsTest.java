package org.lifeline.residents.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.LifelineServersResource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "residents"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class HealthAndDocsTest {

    @Test
    void shouldReportReadyWithDatabaseCheck() {
        given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Reactive PostgreSQL connections health check")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void shouldExposePrometheusMetricsWithOutboxBacklog() {
        given().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("lifeline_outbox_pending"))
                .body(containsString("lifeline_outbox_published_total"));
    }

    @Test
    void shouldPublishOpenApiWithBearerSecurity() {
        given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/residents/households"))
                .body("components.securitySchemes.SecurityScheme.scheme", equalTo("bearer"));
    }
}
