package org.lifeline.testing.readmodel;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;
import org.lifeline.servers.ResidentsEventsProducer;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.lifeline.servers.ResidentsEventsProducer.member;

/**
 * The read model follows residents' events from a real Kafka: a household appears, a newer state
 * replaces it, an older or repeated event changes nothing, a person who moved stays where they
 * moved, and access follows the caller's areas and household.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "testing"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class ResidentsReadModelTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void shouldFollowHouseholdEventsOnceInOrderOfVersion() throws Exception {
        String unit = "610113001001-RM" + Integer.toString(new java.util.Random().nextInt(1 << 30), 36);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID grandma = UUID.randomUUID();
        UUID son = UUID.randomUUID();
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC);
        try (ResidentsEventsProducer events = new ResidentsEventsProducer(bootstrap)) {
            events.baseHierarchy();
            String path = "/6101/610113/610113001/610113001001/" + unit + "/";
            UUID first = UUID.randomUUID();
            events.household(first, a, unit, "0101", path,
                    "normal", 0, t0, List.of(member(grandma, "王秀兰", "1941-02-03", "householder", "living-alone-over-70")));
            // the same event again (a redelivery), then version 1, then a stale version 0 with other content
            events.household(first, a, unit, "0101", path,
                    "normal", 0, t0, List.of(member(grandma, "王秀兰", "1941-02-03", "householder", "living-alone-over-70")));
            events.household(UUID.randomUUID(), a, unit, "0101",
                    path, "sealed", 1, t0.plusSeconds(1), List.of(
                            member(grandma, "王秀兰", "1941-02-03", "householder", "living-alone-over-70"),
                            member(son, "张强", "1970-05-06", "child")));
            events.household(UUID.randomUUID(), a, unit, "0101",
                    path, "normal", 0, t0.plusSeconds(2), List.of());
            // the son moves to household b; the event of b comes first, a's later version follows
            events.household(UUID.randomUUID(), b, unit, "0102",
                    path, "normal", 0, t0.plusSeconds(3), List.of(member(son, "张强", "1970-05-06", "householder")));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                given().auth().oauth2(Tokens.of("staff1")).get("/api/testing/households/" + b).then().statusCode(200));
        given().auth().oauth2(Tokens.of("staff1")).get("/api/testing/households/" + a).then().statusCode(200)
                .body("status", equalTo("sealed"))
                .body("version", equalTo(1))
                .body("persons.name", equalTo(List.of("王秀兰")))
                .body("persons[0].flags", equalTo(List.of("living-alone-over-70")));
        given().auth().oauth2(Tokens.of("staff1")).get("/api/testing/households/" + b).then().statusCode(200)
                .body("persons.name", equalTo(List.of("张强")))
                .body("persons[0].relation", equalTo("householder"));

        // access: another community's staff and a resident of another household see nothing
        given().auth().oauth2(Tokens.of("staff2")).get("/api/testing/households/" + a).then().statusCode(404);
        given().auth().oauth2(Tokens.of("resident1")).get("/api/testing/households/" + a).then().statusCode(404);
        // hotline operators answer callers from their areas: the city's (operator1) reads it, another community's does not
        given().auth().oauth2(Tokens.of("operator1")).get("/api/testing/households/" + a).then().statusCode(200)
                .body("status", equalTo("sealed"));
        given().auth().oauth2(Tokens.of("operator2")).get("/api/testing/households/" + a).then().statusCode(404);
        given().auth().oauth2(Tokens.of("volunteer1")).get("/api/testing/households/" + a).then().statusCode(403);
        given().get("/api/testing/households/" + a).then().statusCode(401);
    }

    @Test
    void shouldShowAResidentTheirOwnHousehold() throws Exception {
        UUID id = UUID.randomUUID();
        String path = "/6101/610113/610113001/610113001001/610113001001-01/610113001001-01-01/610113001001-01-01-1/";
        try (ResidentsEventsProducer events = new ResidentsEventsProducer(bootstrap)) {
            events.household(UUID.randomUUID(), id,
                    "610113001001-01-01-1", "0101", path, "controlled", 5, OffsetDateTime.now(ZoneOffset.UTC),
                    List.of(member(UUID.randomUUID(), "李伟", "1980-03-01", "householder")));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                given().auth().oauth2(Tokens.of("resident1")).get("/api/testing/households/" + id).then().statusCode(200)
                        .body("code", equalTo("610113001001-01-01-1-0101"))
                        .body("status", equalTo("controlled")));
        given().auth().oauth2(Tokens.of("resident2")).get("/api/testing/households/" + id).then().statusCode(404);
    }
}
