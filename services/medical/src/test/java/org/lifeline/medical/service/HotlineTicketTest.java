package org.lifeline.medical.service;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.medical.event.MedicalRequestLinked;
import org.lifeline.medical.event.MedicalRequestRaised;
import org.lifeline.medical.support.Fixtures;
import org.lifeline.medical.support.HotlineTickets;
import org.lifeline.servers.EventCollector;
import org.lifeline.servers.LifelineServersResource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.medical.support.Fixtures.as;
import static org.lifeline.medical.support.HotlineTickets.OPENED;
import static org.lifeline.medical.support.HotlineTickets.ticket;

/**
 * The hotline's tickets routed to medical (issue 20), over a real Kafka into the real consumer: a ticket for a household
 * without an open request raises one (category other, severity from the urgency, raised by the hotline, deadlines and
 * notification as any raise, {@code MedicalRequestRaised} with the ticket id); with an open request it is linked
 * ({@code MedicalRequestLinked}, no second request); each ticket is taken once however often it comes; other routes and
 * other ticket events are ignored; a ticket the hotline did not publish is dropped; a ticket of a household medical does
 * not know yet is parked, and raises its request when replayed after the household arrived.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "medical"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class HotlineTicketTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    AgroalDataSource dataSource;

    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void households() throws Exception {
        Fixtures.demoHouseholds(bootstrap);
    }

    @Test
    void shouldRaiseARequestFromATicketRoutedToMedicalWithTheSeverityOfItsUrgency() throws Exception {
        UUID lifeSafety = Fixtures.freshHousehold(bootstrap);
        UUID utilities = Fixtures.freshHousehold(bootstrap);
        UUID ticket1 = UUID.randomUUID();
        UUID ticket2 = UUID.randomUUID();
        try (EventCollector events = new EventCollector(bootstrap, MedicalRequestRaised.TOPIC);
                HotlineTickets tickets = new HotlineTickets(bootstrap)) {
            tickets.send(OPENED, UUID.randomUUID(), ticket(ticket1, lifeSafety, "life-safety", "medical"));
            tickets.send(OPENED, UUID.randomUUID(), ticket(ticket2, utilities, "utilities", "medical"));
            Map<String, Object> critical = awaitRequest(lifeSafety);
            Map<String, Object> urgent = awaitRequest(utilities);

            assertEquals("critical", critical.get("severity"));
            assertEquals("urgent", urgent.get("severity"));
            assertEquals("other", critical.get("category"));
            assertEquals("hotline", critical.get("raised_by"));
            assertEquals("hotline", critical.get("raised_by_subject"));
            assertEquals("来自热线工单 " + ticket1, critical.get("description"));
            assertNull(critical.get("contact_name"));
            assertNull(critical.get("contact_phone"));
            String id = critical.get("id").toString();
            assertEquals(List.of(id + " raised"), ticketRows(ticket1));
            assertEquals(List.of(urgent.get("id") + " raised"), ticketRows(ticket2));

            // the machinery of any raise: a deadline per stage at the community, notified, on the timeline
            JsonPath view = as("staff1").get("/api/medical/requests/" + id).then().statusCode(200)
                    .body("details.contactName", nullValue()).extract().jsonPath();
            assertEquals(4, view.getList("deadlines.findAll { it.level == 'community' }").size(), view.prettify());
            assertEquals("raised", view.getString("timeline[0].kind"));
            assertEquals("hotline", view.getString("timeline[0].actor"));
            assertEquals(1, as("staff1").get("/api/medical/notifications?requestId=" + id).then().statusCode(200).extract()
                    .jsonPath().getList("findAll { it.level == 'community' }").size());

            // MedicalRequestRaised names the ticket, without the details
            List<ConsumerRecord<String, String>> raised = events.await(r -> id.equals(r.key())
                    && r.value().contains(MedicalRequestRaised.TYPE.type()), 1, Duration.ofSeconds(30));
            assertEquals(1, raised.size());
            JsonNode data = json.readTree(raised.get(0).value()).get("data");
            assertEquals(ticket1.toString(), data.get("ticketId").asText());
            assertEquals(lifeSafety.toString(), data.get("householdId").asText());
            assertEquals("critical", data.get("severity").asText());
            assertEquals("other", data.get("category").asText());
            assertEquals("community", data.get("level").asText());
            assertFalse(raised.get(0).value().contains("热线工单"), "no description in the event");
        }
    }

    @Test
    void shouldLinkATicketToTheHouseholdsOpenRequestInsteadOfRaisingAnother() throws Exception {
        UUID household = Fixtures.freshHousehold(bootstrap);
        String open = raiseAsStaff(household);
        String cancelled = raiseAsStaff(household); // newer, but cancelled: not open
        as("staff1").body(Map.of("note", "家属已自行就医")).post("/api/medical/requests/" + cancelled + "/cancel")
                .then().statusCode(200);
        UUID ticket = UUID.randomUUID();
        try (EventCollector events = new EventCollector(bootstrap, MedicalRequestRaised.TOPIC);
                HotlineTickets tickets = new HotlineTickets(bootstrap)) {
            tickets.send(OPENED, UUID.randomUUID(), ticket(ticket, household, "life-safety", "medical"));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> !ticketRows(ticket).isEmpty());
            assertEquals(List.of(open + " linked"), ticketRows(ticket));
            assertEquals(2, count("SELECT count(*) FROM medical_request WHERE household_id = ?", household), "no second request");

            List<ConsumerRecord<String, String>> linked = events.await(r -> open.equals(r.key())
                    && r.value().contains(MedicalRequestLinked.TYPE.type()), 1, Duration.ofSeconds(30));
            assertEquals(1, linked.size());
            JsonNode event = json.readTree(linked.get(0).value());
            assertEquals("/lifeline/medical", event.get("source").asText());
            JsonNode data = event.get("data");
            assertEquals(open, data.get("requestId").asText());
            assertEquals(household.toString(), data.get("householdId").asText());
            assertEquals(ticket.toString(), data.get("ticketId").asText());
            assertTrue(data.hasNonNull("at"));
        }
        as("staff1").get("/api/medical/requests/" + open).then().statusCode(200)
                .body("request.status", equalTo("raised")).body("request.severity", equalTo("standard"))
                .body("timeline.find { it.kind == 'ticket-linked' }.actor", equalTo("hotline"));
    }

    @Test
    void shouldTakeATicketOnceHoweverOftenItIsDelivered() throws Exception {
        UUID household = Fixtures.freshHousehold(bootstrap);
        UUID ticket = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID again = UUID.randomUUID();
        try (HotlineTickets tickets = new HotlineTickets(bootstrap)) {
            Map<String, Object> data = ticket(ticket, household, "general", "medical");
            tickets.send(OPENED, first, data);
            tickets.send(OPENED, first, data); // a redelivery: the same event
            // the same ticket announced again under another event id (a replay): the request it raised is open now,
            // so it must not be linked to it either. One key, one partition: consumed in this order.
            tickets.send(OPENED, again, data);
        }
        awaitConsumed(first, again);
        assertEquals(0, count("SELECT count(*) FROM inbox_parked WHERE payload LIKE ?", "%" + ticket + "%"), "nothing parked");
        Map<String, Object> request = awaitRequest(household);
        assertEquals("standard", request.get("severity"));
        assertEquals(1, count("SELECT count(*) FROM medical_request WHERE household_id = ?", household));
        assertEquals(List.of(request.get("id") + " raised"), ticketRows(ticket));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE event_key = ? AND event_type = ?",
                request.get("id").toString(), MedicalRequestRaised.TYPE.type()));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE event_key = ? AND event_type = ?",
                request.get("id").toString(), MedicalRequestLinked.TYPE.type()));
    }

    @Test
    void shouldIgnoreTicketsRoutedElsewhereAndTheOtherTicketEvents() throws Exception {
        UUID household = Fixtures.freshHousehold(bootstrap);
        UUID community = UUID.randomUUID();
        UUID supplies = UUID.randomUUID();
        UUID contacted = UUID.randomUUID();
        UUID[] events = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
        try (HotlineTickets tickets = new HotlineTickets(bootstrap)) {
            tickets.send(OPENED, events[0], ticket(community, household, "life-safety", "community"));
            tickets.send(OPENED, events[1], ticket(supplies, household, "general", "supplies-order"));
            Map<String, Object> noRoute = ticket(UUID.randomUUID(), household, "life-safety", null);
            noRoute.remove("route");
            tickets.send(OPENED, events[2], noRoute); // a hotline from before routes
            tickets.send("org.lifeline.hotline.TicketContacted.v1", events[3], ticket(contacted, household, "life-safety",
                    "medical"));
        }
        awaitConsumed(events);
        assertEquals(0, count("SELECT count(*) FROM medical_request WHERE household_id = ?", household));
        assertEquals(0, count("SELECT count(*) FROM request_ticket WHERE household_id = ?", household));
        assertEquals(0, count("SELECT count(*) FROM inbox_parked WHERE payload LIKE ?", "%" + household + "%"));
    }

    @Test
    void shouldDropATicketTheHotlineDidNotPublish() throws Exception {
        UUID household = Fixtures.freshHousehold(bootstrap);
        UUID ticket = UUID.randomUUID();
        double before = rejected("source");
        UUID genuine = UUID.randomUUID();
        UUID forged;
        try (HotlineTickets tickets = new HotlineTickets(bootstrap)) {
            // one key, so one partition: the genuine ticket is consumed after the forged one
            forged = tickets.forged("/lifeline/residents", ticket(ticket, household, "life-safety", "medical"));
            tickets.send(OPENED, genuine, ticket(ticket, household, "general", "medical"));
        }
        awaitConsumed(genuine);
        Map<String, Object> request = awaitRequest(household);
        assertEquals("standard", request.get("severity"), "raised by the genuine ticket (general), not the forged one");
        assertEquals(1, count("SELECT count(*) FROM medical_request WHERE household_id = ?", household));
        // not applied, and not parked either
        assertEquals(0, count("SELECT count(*) FROM inbox WHERE event_id = ?", forged));
        assertEquals(0, count("SELECT count(*) FROM inbox_parked WHERE payload LIKE ?", "%" + forged + "%"));
        assertEquals(before + 1, rejected("source"), 0.0, "lifeline_inbox_rejected_total{reason=source}");
    }

    @Test
    void shouldParkATicketOfAnUnknownHouseholdAndRaiseItsRequestWhenReplayedAfterTheHouseholdArrived() throws Exception {
        UUID household = UUID.randomUUID();
        UUID ticket = UUID.randomUUID();
        UUID event = UUID.randomUUID();
        try (HotlineTickets tickets = new HotlineTickets(bootstrap)) {
            tickets.send(OPENED, event, ticket(ticket, household, "life-safety", "medical"));
        }
        long parked = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                parkedId(event), Optional::isPresent).get();
        assertEquals(0, count("SELECT count(*) FROM medical_request WHERE household_id = ?", household));
        assertTrue(ticketRows(ticket).isEmpty());

        Fixtures.publishHousehold(bootstrap, household);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                as("staff1").get("/api/medical/households/" + household + "/requests").statusCode() == 200);
        as("admin1").post("/api/medical/admin/parked-events/" + parked + "/replay").then().statusCode(200)
                .body("event.replayedBy", equalTo("admin1"));
        Map<String, Object> request = awaitRequest(household);
        assertEquals("critical", request.get("severity"));
        assertEquals(List.of(request.get("id") + " raised"), ticketRows(ticket));
        given().post("/api/medical/admin/parked-events/" + parked + "/replay").then().statusCode(401);
    }

    private String raiseAsStaff(UUID household) {
        return as("staff1").body(Map.of("category", "chronic-medication", "description", "降压药快吃完了",
                        "householdId", household.toString(), "answers", Map.of("daysOfMedicationLeft", 5),
                        "contact", Map.of("name", "李明", "phone", "13800001111")))
                .post("/api/medical/requests").then().statusCode(201).extract().path("request.id");
    }

    /** The household's only request, once there is one (at most 30 s). */
    private Map<String, Object> awaitRequest(UUID household) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                    "SELECT id, category, severity, description, contact_name, contact_phone, raised_by, raised_by_subject "
                            + "FROM medical_request WHERE household_id = ?")) {
                s.setObject(1, household);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    Map<String, Object> row = new HashMap<>();
                    ResultSetMetaData meta = rs.getMetaData();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnName(i), rs.getObject(i));
                    }
                    return row;
                }
            }
        }, row -> row != null);
    }

    /** The ticket's rows in {@code request_ticket}, as "request-id kind". */
    private List<String> ticketRows(UUID ticket) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT request_id, kind FROM request_ticket WHERE ticket_id = ?")) {
            s.setObject(1, ticket);
            List<String> rows = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
            return rows;
        }
    }

    /** Waits until the consumer took every one of these events: recorded in the inbox (applied, or a no-op) or parked. */
    private void awaitConsumed(UUID... events) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                    "SELECT count(*) FROM unnest(?::uuid[]) e(id) WHERE EXISTS (SELECT 1 FROM inbox i WHERE i.event_id = e.id) "
                            + "OR EXISTS (SELECT 1 FROM inbox_parked p WHERE p.payload LIKE '%' || e.id || '%')")) {
                s.setArray(1, c.createArrayOf("uuid", events));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) == events.length;
                }
            }
        });
    }

    private Optional<Long> parkedId(UUID event) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT id, reason FROM inbox_parked WHERE topic = ? AND payload LIKE ?")) {
            s.setString(1, HotlineTickets.TOPIC);
            s.setString(2, "%" + event + "%");
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                assertTrue(rs.getString(2).contains("not known"), rs.getString(2));
                return Optional.of(rs.getLong(1));
            }
        }
    }

    private int count(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** {@code lifeline_inbox_rejected_total} of the hotline's ticket topic, as Prometheus reads it. */
    private static double rejected(String reason) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("lifeline_inbox_rejected_total{") && line.contains("reason=\"" + reason + "\"")
                    && line.contains("topic=\"" + HotlineTickets.TOPIC + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
