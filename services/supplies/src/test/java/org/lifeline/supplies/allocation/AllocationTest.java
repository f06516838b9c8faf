package org.lifeline.supplies.allocation;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.supplies.support.Compound;
import org.lifeline.servers.ResidentsEventsProducer;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.lifeline.supplies.support.Api.as;
import static org.lifeline.servers.ResidentsEventsProducer.member;

/**
 * Priority allocation with real residents events: a household that becomes sealed, one with a dialysis patient
 * and an infant, and two normal ones in two buildings wait for stock; a run serves by score, round-robin across
 * buildings, and every decision keeps its explanation.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "supplies"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class AllocationTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void shouldServeByScoreRoundRobinAcrossBuildingsAndExplainEachDecision() throws Exception {
        Compound compound;
        UUID normal1;
        UUID normal2;
        UUID sealed;
        UUID vulnerable;
        List<Map<String, Object>> sealedMembers = List.of(Compound.adult("赵一"));
        try (ResidentsEventsProducer events = new ResidentsEventsProducer(bootstrap)) {
            compound = new Compound(events, "CA", 2);
            normal1 = compound.household(1, "0101", "normal", List.of(Compound.adult("钱一")));
            sealed = compound.household(1, "0102", "normal", sealedMembers);
            vulnerable = compound.household(1, "0103", "normal", List.of(
                    member(UUID.randomUUID(), "孙一", "1975-03-04", "householder", "dialysis"),
                    member(UUID.randomUUID(), "孙小宝", LocalDate.now().minusYears(1).toString(), "child")));
            normal2 = compound.household(2, "0101", "normal", List.of(Compound.adult("李一")));
            // a positive test: residents seals the household
            compound.status(sealed, compound.unit(1) + "-0102", 1, "0102", "sealed", 1, sealedMembers);
        }
        for (UUID h : List.of(normal1, normal2, vulnerable)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    as("staff1").get("/api/supplies/households/" + h).then().statusCode(200));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                as("staff1").get("/api/supplies/households/" + sealed).then().statusCode(200)
                        .body("status", equalTo("sealed")).body("priority.statusPoints", equalTo(40)));
        as("staff1").get("/api/supplies/households/" + vulnerable).then().statusCode(200)
                .body("priority.vulnerableMembers", equalTo(1)).body("priority.infants", equalTo(1))
                .body("priority.total", equalTo(30));

        // an empty depot: every order waits, the normal households first in time
        as("staff1").body(Map.of("areaCode", compound.code, "itemCode", "eggs-meat", "quantity", 0))
                .post("/api/supplies/stock").then().statusCode(200).body("available", equalTo(0));
        String n1 = order(normal1);
        String n2 = order(normal2);
        String s = order(sealed);
        String v = order(vulnerable);

        // two arrive: round 1 serves the best of each building (the sealed one, then building 2's only one)
        as("staff1").body(Map.of("areaCode", compound.code, "itemCode", "eggs-meat", "quantity", 2))
                .post("/api/supplies/stock").then().statusCode(200).body("available", equalTo(2));
        as("grid1").body(Map.of("areaCode", compound.code, "itemCode", "eggs-meat")).post("/api/supplies/allocation-runs")
                .then().statusCode(403);
        String run = as("staff1").body(Map.of("areaCode", compound.code, "itemCode", "eggs-meat"))
                .post("/api/supplies/allocation-runs").then().statusCode(201)
                .body("ordersConsidered", equalTo(4)).body("ordersAllocated", equalTo(2))
                .body("unitsAllocated", equalTo(2)).body("availableAfter", equalTo(0))
                .extract().path("id");
        as("staff1").get("/api/supplies/allocation-runs/" + run + "/decisions").then().statusCode(200)
                .body("totalItems", equalTo(4))
                .body("items.orderId", equalTo(List.of(s, n2, v, n1)))
                .body("items.round", equalTo(List.of(1, 1, 2, 3)))
                .body("items.score", equalTo(List.of(40, 0, 30, 0)))
                .body("items.outcome", equalTo(List.of("allocated", "allocated", "waiting", "waiting")))
                .body("items[0].components.householdStatus", equalTo("sealed"))
                .body("items[2].components.vulnerablePoints", equalTo(10))
                .body("items[2].components.infantPoints", equalTo(20))
                .body("items[1].building", equalTo(compound.building(2)));
        as("staff1").get("/api/supplies/orders/" + s + "/allocation").then().statusCode(200)
                .body("[0].outcome", equalTo("allocated")).body("[0].position", equalTo(1))
                .body("[0].components.statusPoints", equalTo(40));
        as("staff1").get("/api/supplies/orders/" + s).then().body("status", equalTo("allocated"));
        as("staff1").get("/api/supplies/orders/" + n1).then().body("status", equalTo("waiting"));
        as("staff2").get("/api/supplies/allocation-runs/" + run).then().statusCode(404);

        // two more: the next run serves the rest, the vulnerable household first
        as("staff1").body(Map.of("areaCode", compound.code, "itemCode", "eggs-meat", "quantity", 2))
                .post("/api/supplies/stock").then().statusCode(200);
        String second = as("staff1").body(Map.of("areaCode", compound.code, "itemCode", "eggs-meat"))
                .post("/api/supplies/allocation-runs").then().statusCode(201).body("ordersAllocated", equalTo(2))
                .extract().path("id");
        as("staff1").get("/api/supplies/allocation-runs/" + second + "/decisions").then()
                .body("items.orderId", equalTo(List.of(v, n1)));
        as("staff1").get("/api/supplies/orders/" + n1 + "/timeline").then().statusCode(200)
                .body("entries.kind", equalTo(List.of("placed", "waiting", "allocated")));
    }

    private static String order(UUID household) {
        return as("staff1").body(Map.of("householdId", household, "itemCode", "eggs-meat", "quantity", 1))
                .post("/api/supplies/orders").then().statusCode(201).body("status", equalTo("waiting"))
                .extract().path("id");
    }
}
