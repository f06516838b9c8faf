package org.lifeline.hotline.ticket;

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
import org.lifeline.platform.time.OffsetClock;
import org.lifeline.servers.EventCollector;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.PrivateKafkaResource;
import org.lifeline.servers.ResidentsEventsProducer;

import java.time.Clock;
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
 * Deadlines by urgency (2 h, 24 h, 7 d, 15 d to resolve), escalation up the place hierarchy when nobody answers (the
 * test moves the service's clock, no sleeping), the clock paused while the ticket waits on the resident, shorter
 * deadlines in an emergency-mode area.
 */
@QuarkusTest
// a broker of the module's own: the suite's shared one holds other modules' medical and task events about households
// and tickets this module never saw, which the hotline would park
@WithTestResource(value = LifelineServersResource.class, initArgs = {@ResourceArg(name = "database", value = "hotline"),
        @ResourceArg(name = "servers", value = "postgres,keycloak")}, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = PrivateKafkaResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class DeadlineTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    @Test
    void shouldSetTheDeadlinesOfEachUrgency() throws Exception {
        UUID household = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0401");
        Map<String, Duration> resolve = Map.of("life-safety", Duration.ofHours(2), "utilities", Duration.ofHours(24),
                "general", Duration.ofDays(7), "complex", Duration.ofDays(15));
        List<String> categories = List.of("supplies", "medical", "testing", "care");
        int i = 0;
        for (String urgency : List.of("life-safety", "utilities", "general", "complex")) {
            JsonPath t = as("staff1").body(contact(household, categories.get(i++), urgency, "phone-community", "x"))
                    .post("/api/hotline/contacts").then().statusCode(201).extract().jsonPath();
            OffsetDateTime opened = OffsetDateTime.parse(t.getString("ticket.openedAt"));
            assertEquals(resolve.get(urgency), Duration.between(opened, OffsetDateTime.parse(t.getString("ticket.resolveDue"))),
                    urgency);
            assertEquals(false, t.getBoolean("ticket.emergency"));
        }
    }

    @Test
    void shouldEscalateAnUnansweredTicketToTheStreetThenTheDistrict() throws Exception {
        UUID household = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0402");
        try (EventCollector events = new EventCollector(bootstrap, TicketEvent.TOPIC)) {
            String id = as("staff1").body(contact(household, "medical", "life-safety", "phone-community", "老人摔倒"))
                    .post("/api/hotline/contacts").then().statusCode(201).extract().path("ticket.id");
            // nobody answers within the first-response deadline (30 min): the street owns it
            ((OffsetClock) clock).advance(Duration.ofMinutes(31));
            JsonPath street = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                    as("street1").get("/api/hotline/tickets/" + id).then().statusCode(200).extract().jsonPath(),
                    j -> "street".equals(j.getString("ticket.level")));
            assertEquals("610113001", street.getString("ticket.levelCode"));
            // and still nobody within the street's new deadline (30 min): the district
            ((OffsetClock) clock).advance(Duration.ofMinutes(31));
            JsonPath district = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                    as("district1").get("/api/hotline/tickets/" + id).then().statusCode(200).extract().jsonPath(),
                    j -> "district".equals(j.getString("ticket.level")));
            assertEquals("610113", district.getString("ticket.levelCode"));
            assertEquals(List.of("opened", "escalated", "escalated"), district.getList("timeline.kind").subList(0, 3));
            assertEquals(List.of("street", "district"), district.getList("timeline.findAll { it.kind == 'escalated' }.level"));
            assertTrue(district.getString("timeline[1].note").startsWith("first-response"), district.getString("timeline[1].note"));

            List<ConsumerRecord<String, String>> published = events.await(r -> id.equals(r.key())
                    && r.value().contains(TicketEvent.ESCALATED.type()), 2, Duration.ofSeconds(30));
            assertTrue(published.get(0).value().contains("\"level\":\"street\""), published.get(0).value());
            assertTrue(published.get(1).value().contains("\"level\":\"district\""), published.get(1).value());
            // then the city, and above the city there is nobody: the timeline says so and nothing more escalates
            ((OffsetClock) clock).advance(Duration.ofMinutes(31));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                    as("district1").get("/api/hotline/tickets/" + id).then().statusCode(200).extract().jsonPath()
                            .getString("ticket.level"), "city"::equals);
            ((OffsetClock) clock).advance(Duration.ofMinutes(31));
            JsonPath city = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                    as("admin1").get("/api/hotline/tickets/" + id).then().statusCode(200).extract().jsonPath(),
                    j -> j.getList("timeline.kind").contains("overdue"));
            assertEquals("6101", city.getString("ticket.levelCode"));
            assertEquals(0, Fixtures.count(dataSource, "SELECT count(*) FROM deadline WHERE kind = 'hotline.ticket' "
                    + "AND subject LIKE ?", id + "@%"));
            // the city owns it now, but anyone handling the household's area may still answer it
            as("district1").post("/api/hotline/tickets/" + id + "/claim").then().statusCode(200)
                    .body("ticket.claimedBy", equalTo("district1")).body("ticket.level", equalTo("city"));
        }
    }

    @Test
    void shouldPauseTheClockWhileTheTicketWaitsOnTheResident() throws Exception {
        UUID household = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0403");
        String id = as("staff1").body(contact(household, "housing-utilities", "general", "phone-community", "暖气不热"))
                .post("/api/hotline/contacts").then().statusCode(201).extract().path("ticket.id");
        as("staff1").post("/api/hotline/tickets/" + id + "/claim").then().statusCode(200);
        JsonPath before = as("staff1").body(Map.of("reason", "等住户提供维修时间")).post("/api/hotline/tickets/" + id + "/wait")
                .then().statusCode(200).body("ticket.status", equalTo("waiting")).extract().jsonPath();
        // while it waits there is no deadline to escalate it
        assertEquals(0, Fixtures.count(dataSource, "SELECT count(*) FROM deadline WHERE kind = 'hotline.ticket' AND subject LIKE ?", id + "@%"));
        ((OffsetClock) clock).advance(Duration.ofDays(8));
        JsonPath after = as("staff1").post("/api/hotline/tickets/" + id + "/resume").then().statusCode(200)
                .body("ticket.status", equalTo("open")).body("ticket.level", equalTo("community")).extract().jsonPath();
        Duration moved = Duration.between(OffsetDateTime.parse(before.getString("ticket.resolveDue")),
                OffsetDateTime.parse(after.getString("ticket.resolveDue")));
        assertTrue(moved.compareTo(Duration.ofDays(8)) >= 0 && moved.compareTo(Duration.ofDays(8).plusMinutes(1)) < 0,
                "moved by " + moved);
        assertEquals(moved.toSeconds(), after.getLong("ticket.pausedSeconds"));
        assertEquals(List.of("opened", "claimed", "waiting", "resumed"), after.getList("timeline.kind"));
        assertTrue(after.getString("timeline[2].note").contains("clock paused"), after.getString("timeline[2].note"));
        assertEquals(1, Fixtures.count(dataSource, "SELECT count(*) FROM deadline WHERE kind = 'hotline.ticket' AND subject LIKE ?", id + "@%"));
    }

    @Test
    void shouldShortenTheDeadlinesInAnAreaInEmergencyMode() throws Exception {
        UUID household = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY2, "0404");
        long version = System.currentTimeMillis();
        areaMode("emergency", version);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> Fixtures.count(dataSource,
                "SELECT count(*) FROM area_mode WHERE area_code = ? AND mode = 'emergency'", Fixtures.COMMUNITY2) == 1);
        try {
            JsonPath t = as("staff2").body(contact(household, "medical", "life-safety", "phone-community", "孕妇要生了"))
                    .post("/api/hotline/contacts").then().statusCode(201).extract().jsonPath();
            assertEquals(true, t.getBoolean("ticket.emergency"));
            assertEquals(Duration.ofHours(1), Duration.between(OffsetDateTime.parse(t.getString("ticket.openedAt")),
                    OffsetDateTime.parse(t.getString("ticket.resolveDue"))));
            assertEquals(Duration.ofMinutes(15), Duration.between(OffsetDateTime.parse(t.getString("ticket.openedAt")),
                    OffsetDateTime.parse(t.getString("ticket.firstResponseDue"))));
        } finally {
            areaMode("normal", version + 1);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> Fixtures.count(dataSource,
                "SELECT count(*) FROM area_mode WHERE area_code = ? AND mode = 'normal'", Fixtures.COMMUNITY2) == 1);
    }

    private void areaMode(String mode, long version) throws Exception {
        try (ResidentsEventsProducer producer = new ResidentsEventsProducer(bootstrap)) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("areaCode", Fixtures.COMMUNITY2);
            data.put("areaPath", "/6101/610113/610113001/610113001002/");
            data.put("previousMode", "normal");
            data.put("mode", mode);
            data.put("reason", "疫情");
            data.put("changedBy", "staff2");
            data.put("changedAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
            data.put("version", version);
            producer.send("lifeline.cogovernance.area.v1", Fixtures.COMMUNITY2, "org.lifeline.cogovernance.AreaModeChanged.v1",
                    UUID.randomUUID(), OffsetDateTime.now(ZoneOffset.UTC), data);
        }
    }
}
