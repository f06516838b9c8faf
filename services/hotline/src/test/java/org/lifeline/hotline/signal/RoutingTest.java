package org.lifeline.hotline.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lifeline.hotline.event.TicketEvent;
import org.lifeline.hotline.support.Fixtures;
import org.lifeline.servers.EventCollector;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.PrivateKafkaResource;
import org.lifeline.servers.ResidentsEventsProducer;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.hotline.support.Fixtures.as;
import static org.lifeline.hotline.support.Fixtures.contact;

/**
 * Routing: where a new ticket goes besides its community's queue ({@code TicketOpened}'s {@code route}), and the
 * links the other services' answers make (sent as their owners publish them): a supplies ticket links the household's
 * undelivered order or asks for a volunteer delivery task, a medical ticket asks medical to link or raise a request.
 */
@QuarkusTest
// a broker of the module's own: the suite's shared one holds other modules' medical and task events about households
// and tickets this module never saw, which the hotline would park
@WithTestResource(value = LifelineServersResource.class, initArgs = {@ResourceArg(name = "database", value = "hotline"),
        @ResourceArg(name = "servers", value = "postgres,keycloak")}, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = PrivateKafkaResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RoutingTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldLinkASuppliesTicketToTheUndeliveredOrderAndAskForADeliveryTaskWithoutOne() throws Exception {
        UUID household = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0801");
        UUID order = UUID.randomUUID();
        send("lifeline.supplies.order.v1", order.toString(), "org.lifeline.supplies.OrderPlaced.v1", placed(order, household));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> Fixtures.count(dataSource, "SELECT count(*) FROM order_household WHERE order_id = ?", order) == 1);
        try (EventCollector events = new EventCollector(bootstrap, TicketEvent.TOPIC)) {
            String first = open(household, "supplies", "订的菜三天没到");
            JsonNode opened = opened(events, first);
            assertEquals("supplies-order", opened.path("route").asText());
            assertEquals(order.toString(), opened.path("linkedRef").asText());
            JsonPath view = as("staff1").get("/api/hotline/tickets/" + first).then().statusCode(200).extract().jsonPath();
            assertEquals(List.of("supplies-order"), view.getList("links.kind"));
            assertEquals(List.of(order.toString()), view.getList("links.ref"));
            assertEquals(List.of("linked"), view.getList("links.how"));
            assertEquals(List.of("opened", "linked"), view.getList("timeline.kind"));

            // delivered: the next supplies need has no order to link, so a volunteer should bring it
            Map<String, Object> delivered = new LinkedHashMap<>();
            delivered.put("orderId", order.toString());
            delivered.put("householdId", household.toString());
            delivered.put("carrier", "volunteer1");
            delivered.put("confirmation", "code");
            delivered.put("deliveredAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
            send("lifeline.supplies.order.v1", order.toString(), "org.lifeline.supplies.DeliveryCompleted.v1", delivered);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> Fixtures.count(dataSource,
                    "SELECT count(*) FROM order_household WHERE order_id = ? AND delivered_at IS NOT NULL", order) == 1);
            as("staff1").body(Map.of("summary", "已送达")).post("/api/hotline/tickets/" + first + "/resolve").then().statusCode(200);
            String second = open(household, "supplies", "又缺米了");
            JsonNode next = opened(events, second);
            assertEquals("delivery-task", next.path("route").asText());
            assertTrue(next.path("linkedRef").isNull(), next.toString());

            // co-governance posts the task for the ticket: linked; a repeat links nothing more
            UUID task = UUID.randomUUID();
            send("lifeline.cogovernance.task.v1", task.toString(), "org.lifeline.cogovernance.TaskPosted.v1",
                    task(task, "hotline", second, "open"));
            send("lifeline.cogovernance.task.v1", task.toString(), "org.lifeline.cogovernance.TaskPosted.v1",
                    task(task, "hotline", second, "open"));
            // the same task left overdue: the need is back on the same ticket
            send("lifeline.cogovernance.task.v1", task.toString(), "org.lifeline.cogovernance.TaskOverdue.v1",
                    task(task, "hotline", second, "open"));
            JsonPath linked = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                    as("staff1").get("/api/hotline/tickets/" + second).then().statusCode(200).extract().jsonPath(),
                    v -> v.getInt("ticket.contactsCount") == 2);
            assertEquals(List.of("delivery-task"), linked.getList("links.kind"));
            assertEquals(List.of(task.toString()), linked.getList("links.ref"));
            assertEquals(List.of("posted"), linked.getList("links.how"));
            assertEquals(1, linked.getList("timeline.findAll { it.kind == 'linked' }").size());
            assertEquals(List.of("phone-community", "signal"), linked.getList("contacts.channel"));
        }
    }

    @Test
    void shouldRouteAMedicalTicketToMedicalAndLinkTheRequestItRaisesOrHas() throws Exception {
        UUID household = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0802");
        try (EventCollector events = new EventCollector(bootstrap, TicketEvent.TOPIC)) {
            String ticket = open(household, "medical", "透析病人需要去医院");
            JsonNode opened = opened(events, ticket);
            assertEquals("medical", opened.path("route").asText());
            UUID request = UUID.randomUUID();
            send("lifeline.medical.request.v1", request.toString(), "org.lifeline.medical.MedicalRequestRaised.v1",
                    raised(request, household, ticket));
            JsonPath view = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                    as("staff1").get("/api/hotline/tickets/" + ticket).then().statusCode(200).extract().jsonPath(),
                    v -> !v.getList("links").isEmpty());
            assertEquals(List.of("medical-request"), view.getList("links.kind"));
            assertEquals(List.of(request.toString()), view.getList("links.ref"));
            assertEquals(List.of("raised"), view.getList("links.how"));
        }
        // a request medical staff raised themselves for a household with an open medical ticket is linked to it
        UUID other = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0803");
        String ticket = open(other, "medical", "老人胸痛");
        UUID own = UUID.randomUUID();
        send("lifeline.medical.request.v1", own.toString(), "org.lifeline.medical.MedicalRequestRaised.v1",
                raised(own, other, null));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                as("staff1").get("/api/hotline/tickets/" + ticket).then().statusCode(200).extract().jsonPath()
                        .getList("links.ref"), l -> l.equals(List.of(own.toString())));
        as("staff1").get("/api/hotline/tickets/" + ticket).then().body("links[0].how", equalTo("linked"));
    }

    @Test
    void shouldLeaveOtherNeedsWithTheCommunity() throws Exception {
        UUID household = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0804");
        try (EventCollector events = new EventCollector(bootstrap, TicketEvent.TOPIC)) {
            String ticket = open(household, "housing-utilities", "停暖气了");
            JsonNode opened = opened(events, ticket);
            assertEquals("community", opened.path("route").asText());
            as("staff1").get("/api/hotline/tickets/" + ticket).then().statusCode(200).body("links.size()", equalTo(0));
        }
    }

    private static String open(UUID household, String category, String text) {
        return as("staff1").body(contact(household, category, "general", "phone-community", text))
                .post("/api/hotline/contacts").then().statusCode(201).extract().path("ticket.id");
    }

    private static JsonNode opened(EventCollector events, String ticket) throws Exception {
        List<ConsumerRecord<String, String>> published = events.await(r -> ticket.equals(r.key())
                && r.value().contains(TicketEvent.OPENED.type()), 1, Duration.ofSeconds(30));
        return JSON.readTree(published.get(0).value()).path("data");
    }

    private static Map<String, Object> placed(UUID order, UUID household) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("orderId", order.toString());
        d.put("householdId", household.toString());
        d.put("householdCode", "610113001001-01-01-1-0801");
        d.put("itemCode", "veg-box");
        d.put("quantity", 1);
        d.put("source", "warehouse");
        d.put("status", "allocated");
        d.put("onBehalf", false);
        d.put("placedAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        return d;
    }

    private static Map<String, Object> task(UUID task, String source, String ref, String status) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("taskId", task.toString());
        d.put("kind", "delivery");
        d.put("areaPath", "/6101/610113/610113001/610113001001/");
        d.put("source", source);
        d.put("sourceRef", ref);
        d.put("status", status);
        d.put("claimedBy", null);
        d.put("deadline", OffsetDateTime.now(ZoneOffset.UTC).plusHours(4).toString());
        return d;
    }

    private static Map<String, Object> raised(UUID request, UUID household, String ticket) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("requestId", request.toString());
        d.put("householdId", household.toString());
        d.put("placePath", "/6101/610113/610113001/610113001001/");
        d.put("category", "other");
        d.put("severity", "urgent");
        d.put("level", "community");
        d.put("levelCode", Fixtures.COMMUNITY1);
        d.put("infectionControl", false);
        d.put("ticketId", ticket);
        d.put("raisedAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        return d;
    }

    private void send(String topic, String key, String type, Map<String, Object> data) throws Exception {
        try (ResidentsEventsProducer producer = new ResidentsEventsProducer(bootstrap)) {
            producer.send(topic, key, type, UUID.randomUUID(), OffsetDateTime.now(ZoneOffset.UTC), data);
        }
    }
}
