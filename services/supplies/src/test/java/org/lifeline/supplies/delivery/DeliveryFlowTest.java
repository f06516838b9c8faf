package org.lifeline.supplies.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.EventCollector;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.supplies.event.SuppliesEvents;
import org.lifeline.supplies.support.Compound;
import org.lifeline.servers.ResidentsEventsProducer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lifeline.supplies.support.Api.as;
import static org.lifeline.supplies.support.Api.merchant;

/**
 * End to end inside supplies, with real residents events, tokens and Kafka: resident1's household becomes sealed
 * and its order outranks a normal household's in allocation; a merchant fulfils an order at the gate, a volunteer
 * carries it, the resident confirms with the code, and the timeline shows every step; another merchant is
 * denied the order; staff confirm a delivery with a reason when the household cannot give the code.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "supplies"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class DeliveryFlowTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    final ObjectMapper json = new ObjectMapper();

    @org.junit.jupiter.api.BeforeEach
    void demoPartners() {
        org.lifeline.supplies.support.Api.demoPartnersKnown(bootstrap);
    }

    @Test
    void shouldCarryASealedHouseholdsOrderFromMerchantToDoorWithATimeline() throws Exception {
        Compound compound;
        UUID home;
        UUID neighbour;
        List<Map<String, Object>> members = List.of(Compound.adult("刘洋"));
        ResidentsEventsProducer residents = new ResidentsEventsProducer(bootstrap);
        compound = new Compound(residents, "CD", 1);
        home = compound.resident1Household(1, "normal", members);
        neighbour = compound.household(1, "0102", "normal", List.of(Compound.adult("陈静")));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                as("staff1").get("/api/supplies/households/" + neighbour).then().statusCode(200));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                as("resident1").get("/api/supplies/households/" + home).then().statusCode(200));

        // both wait at an empty depot, the neighbour first; then residents seals resident1's household
        as("staff1").body(Map.of("areaCode", compound.code, "itemCode", "rice-flour-oil", "quantity", 0))
                .post("/api/supplies/stock").then().statusCode(200);
        String neighbours = as("staff1").body(Map.of("householdId", neighbour, "itemCode", "rice-flour-oil", "quantity", 1))
                .post("/api/supplies/orders").then().statusCode(201).body("status", equalTo("waiting")).extract().path("id");
        String warehouseOrder = as("resident1")
                .body(Map.of("householdId", home, "itemCode", "rice-flour-oil", "quantity", 1))
                .post("/api/supplies/orders").then().statusCode(201).body("status", equalTo("waiting")).extract().path("id");
        compound.status(home, Compound.RESIDENT1_HOUSEHOLD, 1, "0101", "sealed", 1, members);
        residents.close();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                as("resident1").get("/api/supplies/households/" + home).then().body("status", equalTo("sealed")));
        as("staff1").body(Map.of("areaCode", compound.code, "itemCode", "rice-flour-oil", "quantity", 1))
                .post("/api/supplies/stock").then().statusCode(200);
        as("staff1").body(Map.of("areaCode", compound.code, "itemCode", "rice-flour-oil"))
                .post("/api/supplies/allocation-runs").then().statusCode(201).body("ordersAllocated", equalTo(1));
        as("resident1").get("/api/supplies/orders/" + warehouseOrder).then().body("status", equalTo("allocated"));
        as("resident1").get("/api/supplies/orders/" + warehouseOrder + "/allocation").then().statusCode(200)
                .body("[0].position", equalTo(1)).body("[0].components.householdStatus", equalTo("sealed"));
        as("staff1").get("/api/supplies/orders/" + neighbours).then().body("status", equalTo("waiting"));
        as("staff1").get("/api/supplies/orders/" + neighbours + "/allocation").then()
                .body("[0].position", equalTo(2)).body("[0].outcome", equalTo("waiting"));

        // a merchant's offer for the compound, ordered by the resident
        String offer = merchant("demo-merchant").body(Map.of("itemCode", "vegetables", "priceCents", 3990, "stock", 20,
                        "areaCodes", List.of(compound.code)))
                .post("/api/supplies/offers").then().statusCode(201).body("merchant", equalTo("demo-merchant"))
                .extract().path("id");
        as("resident1").get("/api/supplies/offers?itemCode=vegetables&size=500").then().statusCode(200)
                .body("items.id", hasItem(offer));
        as("resident2").get("/api/supplies/offers?itemCode=vegetables&size=500").then().statusCode(200)
                .body("items.id", not(hasItem(offer)));
        try (EventCollector events = new EventCollector(bootstrap, SuppliesEvents.TOPIC)) {
            String id = as("resident1").body(Map.of("householdId", home, "offerId", offer, "quantity", 1))
                    .post("/api/supplies/orders").then().statusCode(201)
                    .body("status", equalTo("confirmed")).body("merchant", equalTo("demo-merchant"))
                    .body("priceCents", equalTo(3990)).extract().path("id");
            String code = as("resident1").get("/api/supplies/orders/" + id).then().statusCode(200)
                    .extract().path("deliveryCode");

            // merchants see only their own orders, without the room, who placed it or the code
            merchant("demo-merchant").get("/api/supplies/orders/" + id).then().statusCode(200)
                    .body("householdCode", endsWith("-****")).body("placedBy", nullValue())
                    .body("deliveryCode", nullValue());
            merchant("demo-merchant").get("/api/supplies/orders?size=500").then().statusCode(200)
                    .body("items.id", hasItem(id)).body("items.id", not(hasItem(warehouseOrder)));
            merchant("demo-merchant-2").get("/api/supplies/orders/" + id).then().statusCode(404)
                    .contentType("application/problem+json");
            merchant("demo-merchant-2").get("/api/supplies/orders/" + id + "/timeline").then().statusCode(404);
            merchant("demo-merchant-2").get("/api/supplies/orders?size=500").then().statusCode(200)
                    .body("items.id", not(hasItem(id)));
            merchant("demo-merchant-2").body(Map.of("stage", "gate")).post("/api/supplies/orders/" + id + "/handovers")
                    .then().statusCode(404);
            merchant("demo-merchant-2").body(Map.of("itemCode", "vegetables", "priceCents", 1, "stock", 0,
                    "areaCodes", List.of(compound.code))).put("/api/supplies/offers/" + offer).then().statusCode(404);
            merchant("demo-merchant").get("/api/supplies/orders/" + warehouseOrder).then().statusCode(404);

            // the last hundred metres
            as("volunteer1").body(Map.of("stage", "pickup")).post("/api/supplies/orders/" + id + "/handovers")
                    .then().statusCode(404); // volunteers see deliveries from the gate on
            as("staff1").body(Map.of("stage", "pickup")).post("/api/supplies/orders/" + id + "/handovers")
                    .then().statusCode(409); // not at the gate yet
            merchant("demo-merchant").body(Map.of("stage", "gate", "note", "北门")).post("/api/supplies/orders/" + id + "/handovers")
                    .then().statusCode(200).body("status", equalTo("at-gate"));
            as("volunteer1").get("/api/supplies/orders?status=at-gate&size=500").then().statusCode(200)
                    .body("items.id", hasItem(id));
            as("volunteer1").body(Map.of("stage", "pickup")).post("/api/supplies/orders/" + id + "/handovers")
                    .then().statusCode(200).body("status", equalTo("out-for-delivery")).body("carrier", equalTo("volunteer1"));
            String wrong = code.equals("000000") ? "000001" : "000000";
            as("volunteer1").body(Map.of("code", wrong)).post("/api/supplies/orders/" + id + "/delivery").then()
                    .statusCode(422).body("errors[0].field", equalTo("code"));
            as("volunteer1").body(Map.of("reason", "no answer")).post("/api/supplies/orders/" + id + "/delivery").then()
                    .statusCode(403);
            as("resident1").body(Map.of("code", code)).post("/api/supplies/orders/" + id + "/delivery").then()
                    .statusCode(200).body("status", equalTo("delivered"));
            as("resident1").body(Map.of("code", code)).post("/api/supplies/orders/" + id + "/delivery").then()
                    .statusCode(409);

            as("resident1").get("/api/supplies/orders/" + id + "/timeline").then().statusCode(200)
                    .body("status", equalTo("delivered"))
                    .body("entries.kind", equalTo(List.of("placed", "confirmed", "handed-over-at-gate", "picked-up",
                            "code-rejected", "delivered")))
                    .body("entries.actor", equalTo(List.of("resident1", "resident1", "demo-merchant", "volunteer1",
                            "volunteer1", "resident1")))
                    .body("entries[2].detail", endsWith("北门"));

            List<ConsumerRecord<String, String>> mine = events.await(r -> r.key().equals(id), 3, Duration.ofSeconds(60));
            List<String> types = new ArrayList<>();
            for (ConsumerRecord<String, String> r : mine) {
                types.add(json.readTree(r.value()).get("type").asText());
            }
            assertEquals(List.of(SuppliesEvents.ORDER_PLACED, SuppliesEvents.DELIVERY_TASK_CREATED,
                    SuppliesEvents.DELIVERY_COMPLETED), types);
            JsonNode completed = json.readTree(mine.get(2).value());
            assertEquals("code", completed.at("/data/confirmation").asText());
            assertEquals("volunteer1", completed.at("/data/carrier").asText());
            assertEquals(home.toString(), completed.at("/data/householdId").asText());
        }

        // the warehouse order: staff hand it over at the gate, a volunteer carries, staff confirm with a reason
        as("staff1").body(Map.of("stage", "gate")).post("/api/supplies/orders/" + warehouseOrder + "/handovers").then()
                .statusCode(200).body("status", equalTo("at-gate"));
        as("volunteer1").body(Map.of("stage", "pickup")).post("/api/supplies/orders/" + warehouseOrder + "/handovers")
                .then().statusCode(200);
        as("staff1").body(Map.of("reason", "住户隔离中无法开门，放置门口并电话确认"))
                .post("/api/supplies/orders/" + warehouseOrder + "/delivery").then().statusCode(200)
                .body("status", equalTo("delivered"));
        as("resident1").get("/api/supplies/orders/" + warehouseOrder + "/timeline").then().statusCode(200)
                .body("entries.kind", equalTo(List.of("placed", "waiting", "allocated", "handed-over-at-gate",
                        "picked-up", "delivered")));
        as("resident1").get("/api/supplies/households/" + home + "/orders").then().statusCode(200)
                .body("totalItems", equalTo(2)).body("items.status", equalTo(List.of("delivered", "delivered")));
    }

    @Test
    void shouldConfirmAGroupOrderOnceItsThresholdIsReached() throws Exception {
        Compound compound;
        List<UUID> households = new ArrayList<>();
        try (ResidentsEventsProducer events = new ResidentsEventsProducer(bootstrap)) {
            compound = new Compound(events, "CG", 1);
            for (int i = 1; i <= 3; i++) {
                households.add(compound.household(1, "020" + i, "normal", List.of(Compound.adult("团购" + i))));
            }
        }
        for (UUID h : households) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    as("staff1").get("/api/supplies/households/" + h).then().statusCode(200));
        }
        String offer = merchant("demo-merchant").body(Map.of("itemCode", "eggs-meat", "priceCents", 8800, "stock", 100,
                "areaCodes", List.of(compound.code))).post("/api/supplies/offers").then().statusCode(201).extract().path("id");
        merchant("demo-merchant-2").body(Map.of("offerId", offer, "buildingCode", compound.building(1), "threshold", 2))
                .post("/api/supplies/group-orders").then().statusCode(404);
        String group = as("staff1").body(Map.of("offerId", offer, "buildingCode", compound.building(1), "threshold", 2))
                .post("/api/supplies/group-orders").then().statusCode(201).body("status", equalTo("open"))
                .extract().path("id");
        String first = as("staff1").body(Map.of("householdId", households.get(0), "groupOrderId", group, "quantity", 1))
                .post("/api/supplies/orders").then().statusCode(201).body("status", equalTo("pending-group"))
                .extract().path("id");
        as("staff1").body(Map.of("householdId", households.get(1), "groupOrderId", group, "quantity", 1))
                .post("/api/supplies/orders").then().statusCode(201).body("status", equalTo("confirmed"));
        as("staff1").get("/api/supplies/orders/" + first).then().body("status", equalTo("confirmed"));
        merchant("demo-merchant").get("/api/supplies/group-orders/" + group).then().statusCode(200)
                .body("status", equalTo("confirmed")).body("members", equalTo(2));
        merchant("demo-merchant-2").get("/api/supplies/group-orders/" + group).then().statusCode(404);
        as("staff1").body(Map.of("householdId", households.get(2), "groupOrderId", group, "quantity", 1))
                .post("/api/supplies/orders").then().statusCode(409);
    }
}
