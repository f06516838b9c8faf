package org.lifeline.hotline.ticket;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.lifeline.hotline.event.TicketEvent;
import org.lifeline.servers.EventCollector;
import org.lifeline.hotline.support.Fixtures;
import org.lifeline.platform.time.OffsetClock;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.PrivateKafkaResource;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.hotline.support.Fixtures.as;
import static org.lifeline.hotline.support.Fixtures.contact;

/** Callbacks (queue by deadline, done, a missed one escalates), resolution, the follow-up rating and the owners' report. */
@QuarkusTest
// a broker of the module's own: the suite's shared one holds other modules' medical and task events about households
// and tickets this module never saw, which the hotline would park
@WithTestResource(value = LifelineServersResource.class, initArgs = {@ResourceArg(name = "database", value = "hotline"),
        @ResourceArg(name = "servers", value = "postgres,keycloak")}, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = PrivateKafkaResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class CallbackTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    @Test
    void shouldQueueCallbacksByDeadlineAndMarkThemDone() throws Exception {
        UUID household = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0501");
        String id = open(household, "care");
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        as("staff1").body(Map.of("dueAt", now.plusHours(3).toString(), "note", "later")).post("/api/hotline/tickets/" + id + "/callbacks")
                .then().statusCode(200);
        JsonPath t = as("staff1").body(Map.of("dueAt", now.plusHours(1).toString(), "note", "sooner"))
                .post("/api/hotline/tickets/" + id + "/callbacks").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("sooner", "later"), t.getList("callbacks.note"));
        String sooner = t.getString("callbacks[0].id");
        as("staff1").body(Map.of("dueAt", now.minusMinutes(1).toString())).post("/api/hotline/tickets/" + id + "/callbacks")
                .then().statusCode(400);

        List<Map<String, Object>> queue = as("staff1").get("/api/hotline/callbacks?limit=500").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.ticketId == '" + id + "' }");
        assertEquals(List.of("sooner", "later"), queue.stream().map(m -> m.get("note")).toList());
        as("staff2").get("/api/hotline/callbacks?limit=500").then().statusCode(200).body("id", not(hasItem(sooner)));
        as("staff2").post("/api/hotline/callbacks/" + sooner + "/done").then().statusCode(404);

        as("staff1").post("/api/hotline/callbacks/" + sooner + "/done").then().statusCode(200)
                .body("callbacks.find { it.id == '" + sooner + "' }.status", equalTo("done"))
                .body("timeline.kind", hasItem("callback-done"));
        as("staff1").post("/api/hotline/callbacks/" + sooner + "/done").then().statusCode(409);
        as("staff1").get("/api/hotline/callbacks?limit=500").then().statusCode(200).body("id", not(hasItem(sooner)));
    }

    @Test
    void shouldEscalateATicketWhoseCallbackWasMissed() throws Exception {
        UUID household = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0502");
        String id = open(household, "supplies");
        as("staff1").post("/api/hotline/tickets/" + id + "/claim").then().statusCode(200);
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        as("staff1").body(Map.of("dueAt", now.plusMinutes(10).toString(), "note", "回电确认送达"))
                .post("/api/hotline/tickets/" + id + "/callbacks").then().statusCode(200);
        ((OffsetClock) clock).advance(Duration.ofMinutes(11));
        JsonPath t = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                as("street1").get("/api/hotline/tickets/" + id).then().statusCode(200).extract().jsonPath(),
                j -> "street".equals(j.getString("ticket.level")));
        assertEquals("missed", t.getString("callbacks[0].status"));
        List<String> kinds = t.getList("timeline.kind");
        assertTrue(kinds.indexOf("callback-missed") < kinds.indexOf("escalated"), kinds.toString());
        assertTrue(t.getString("timeline.find { it.kind == 'escalated' }.note").startsWith("callback-missed"));
    }

    @Test
    void shouldResolveTakeTheFollowUpRatingAndReportPerOwner() throws Exception {
        UUID household = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0101"); // resident1's
        String id = open(household, "testing");
        as("staff1").body(Map.of("text", "已联系采样点")).post("/api/hotline/tickets/" + id + "/reply").then().statusCode(200)
                .body("timeline.kind", hasItem("reply"));
        as("resident1").body(Map.of("rating", 5)).post("/api/hotline/tickets/" + id + "/follow-up").then().statusCode(409);
        try (EventCollector events = new EventCollector(bootstrap, TicketEvent.TOPIC)) {
            as("staff1").body(Map.of("summary", "结果已查到并告知")).post("/api/hotline/tickets/" + id + "/resolve").then()
                    .statusCode(200).body("ticket.status", equalTo("resolved"));
            List<ConsumerRecord<String, String>> resolved = events.await(r -> id.equals(r.key())
                    && r.value().contains(TicketEvent.RESOLVED.type()), 1, Duration.ofSeconds(30));
            assertTrue(resolved.get(0).value().contains("\"status\":\"resolved\""), resolved.get(0).value());
            assertTrue(!resolved.get(0).value().contains("结果已查到"), "no resolution text in the event");
        }
        as("staff1").body(Map.of("summary", "again")).post("/api/hotline/tickets/" + id + "/resolve").then().statusCode(409);
        as("resident1").body(Map.of("rating", 9)).post("/api/hotline/tickets/" + id + "/follow-up").then().statusCode(400);
        as("resident2").body(Map.of("rating", 1)).post("/api/hotline/tickets/" + id + "/follow-up").then().statusCode(404);
        as("resident1").body(Map.of("rating", 4, "comment", "很及时")).post("/api/hotline/tickets/" + id + "/follow-up").then()
                .statusCode(200).body("ticket.status", equalTo("closed")).body("followUp.rating", equalTo(4));
        as("resident1").get("/api/hotline/my/tickets").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.status", equalTo("closed"));

        JsonPath report = as("staff1").get("/api/hotline/reports/owners").then().statusCode(200).extract().jsonPath();
        Map<String, Object> community = report.getMap("find { it.owner == '" + Fixtures.COMMUNITY1 + "' }");
        assertTrue(((Number) community.get("resolved")).longValue() >= 1, community.toString());
        assertTrue(((Number) community.get("rated")).longValue() >= 1, community.toString());
        assertTrue(((Number) community.get("satisfied")).longValue() >= 1, community.toString());
        assertTrue(community.get("satisfactionRate") != null && community.get("responseRate") != null, community.toString());
        assertEquals(0, as("staff2").get("/api/hotline/reports/owners").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.owner == '" + Fixtures.COMMUNITY1 + "' }").size());
        as("resident1").get("/api/hotline/reports/owners").then().statusCode(403);
    }

    @Test
    void shouldReassignWithinTheHouseholdsPlacesAndResumeAWaitingTicketWhenTheHouseholdGetsInTouch() throws Exception {
        UUID household = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0101"); // resident1's
        String id = open(household, "other");
        as("staff1").body(Map.of("owner", Fixtures.COMMUNITY2)).post("/api/hotline/tickets/" + id + "/reassign").then()
                .statusCode(400);
        as("staff1").body(Map.of("owner", "610113001")).post("/api/hotline/tickets/" + id + "/reassign").then().statusCode(200)
                .body("ticket.level", equalTo("street")).body("ticket.levelCode", equalTo("610113001"))
                .body("timeline[-1].kind", equalTo("reassigned"));
        as("street1").body(Map.of("reason", "等住户回电")).post("/api/hotline/tickets/" + id + "/wait").then().statusCode(200)
                .body("ticket.status", equalTo("waiting"));
        as("street1").post("/api/hotline/tickets/" + id + "/wait").then().statusCode(400);
        as("street1").body(Map.of("reason", "again")).post("/api/hotline/tickets/" + id + "/wait").then().statusCode(409);
        // the resident gets in touch: the contact lands on the waiting ticket and resumes it
        as("resident1").body(Map.of("category", "other", "text", "我在家了")).post("/api/hotline/my/contacts").then()
                .statusCode(200).body("merged", equalTo(true)).body("ticket.id", equalTo(id))
                .body("ticket.status", equalTo("open"));
        List<String> kinds = as("street1").get("/api/hotline/tickets/" + id).then().statusCode(200).extract().jsonPath()
                .getList("timeline.kind");
        assertEquals(List.of("opened", "reassigned", "waiting", "contacted", "resumed"), kinds);
    }

    private static String open(UUID household, String category) {
        return as("staff1").body(contact(household, category, "general", "phone-community", "需要帮助"))
                .post("/api/hotline/contacts").then().statusCode(201).extract().path("ticket.id");
    }
}
