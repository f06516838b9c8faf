package org.lifeline.hotline.signal;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lifeline.hotline.support.Fixtures;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.hotline.support.Fixtures.as;

/**
 * Signals from the other services open tickets (sent as their owners publish them, through the platform's one test
 * producer): a survey visit's needs, a care contact overdue, a medical request escalated to the city, a supplies
 * delivery left overdue.
 */
@QuarkusTest
// a broker of the module's own: the suite's shared one holds other modules' medical and task events about households
// and tickets this module never saw, which the hotline would park
@WithTestResource(value = LifelineServersResource.class, initArgs = {@ResourceArg(name = "database", value = "hotline"),
        @ResourceArg(name = "servers", value = "postgres,keycloak")}, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = PrivateKafkaResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SignalTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldOpenTicketsForTheNeedsASurveyVisitFound() throws Exception {
        UUID household = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0701");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("roundId", UUID.randomUUID().toString());
        data.put("householdId", household.toString());
        data.put("householdCode", "610113001001-01-01-1-0701");
        data.put("placePath", "/6101/610113/610113001/610113001001/610113001001-01/610113001001-01-01/610113001001-01-01-1/");
        data.put("visited", true);
        data.put("notVisitedReason", null);
        data.put("present", 2);
        data.put("needs", List.of("有症状，需要健康随访", "需要轮椅协助"));
        data.put("needCodes", List.of("symptoms-follow-up", "wheelchair"));
        data.put("suppliesNeeds", "米面油");
        data.put("recordedAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        send("lifeline.residents.survey.v1", household.toString(), "org.lifeline.residents.SurveyVisitRecorded.v1", data);

        List<Map<String, Object>> tickets = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                as("staff1").get("/api/hotline/households/" + household + "/tickets").then().statusCode(200).extract()
                        .jsonPath().getList("", Map.class), l -> l.size() == 3).stream().map(m -> (Map<String, Object>) m).toList();
        assertEquals(List.of("care", "medical", "supplies"), tickets.stream().map(t -> (String) t.get("category")).sorted().toList());
        JsonPath medical = as("staff1").queryParam("reveal", true).get("/api/hotline/tickets/" + tickets.stream()
                .filter(t -> "medical".equals(t.get("category"))).findFirst().orElseThrow().get("id")).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("survey"), medical.getList("contacts.channel"));
        assertTrue(medical.getString("contacts[0].text").startsWith("入户排查"), medical.getString("contacts[0].text"));
        // the care need in words, as residents labels it, not its code
        String care = as("staff1").queryParam("reveal", true).get("/api/hotline/tickets/" + tickets.stream()
                .filter(t -> "care".equals(t.get("category"))).findFirst().orElseThrow().get("id")).then().statusCode(200)
                .extract().jsonPath().getString("contacts[0].text");
        assertTrue(care.contains("需要轮椅协助") && !care.contains("wheelchair"), care);
    }

    /**
     * A survey round's visits arrive together and are taken a poll at a time (set-based intake): the outcome is the
     * one of taking them one after the other. A household with an open medical ticket gets a contact on it, a household
     * visited twice gets one ticket with two contacts, every other one a ticket of its own with its "opened" step, its
     * escalation deadline and its TicketOpened event.
     */
    @Test
    void shouldTakeASurveyRoundAsOneContactAtATimeWould() throws Exception {
        UUID alreadyOpen = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0801");
        send("lifeline.residents.survey.v1", alreadyOpen.toString(), "org.lifeline.residents.SurveyVisitRecorded.v1",
                symptoms(alreadyOpen, "0801"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                Fixtures.count(dataSource, "SELECT count(*) FROM ticket WHERE household_id = ?", alreadyOpen) == 1);
        List<UUID> fresh = new java.util.ArrayList<>();
        for (String room : List.of("0802", "0803", "0804", "0805")) {
            fresh.add(Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, room));
        }
        UUID twice = fresh.get(0);

        // one burst, one key: the visits reach the consumer together
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("linger.ms", "50");
        String key = UUID.randomUUID().toString();
        try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer = new org.apache.kafka.clients.producer
                .KafkaProducer<>(props, new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            List<UUID> visits = new java.util.ArrayList<>(List.of(alreadyOpen));
            visits.addAll(fresh);
            visits.add(twice);
            String[] rooms = { "0801", "0802", "0803", "0804", "0805", "0802" };
            for (int i = 0; i < visits.size(); i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("lifeline.residents.survey.v1", key,
                        surveyEvent(visits.get(i), rooms[i])));
            }
            producer.flush();
        }

        List<UUID> all = new java.util.ArrayList<>(List.of(alreadyOpen));
        all.addAll(fresh);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            long contacts = 0;
            for (UUID h : all) {
                contacts += Fixtures.count(dataSource, "SELECT count(*) FROM ticket_contact c JOIN ticket t ON t.id = c.ticket_id "
                        + "WHERE t.household_id = ?", h);
            }
            return contacts == 7;
        });
        assertEquals(List.of(2), contactsPerTicket(alreadyOpen));
        assertEquals(List.of(2), contactsPerTicket(twice));
        for (UUID h : fresh) {
            UUID ticket = (UUID) single("SELECT id FROM ticket WHERE household_id = ? AND category = 'medical'", h);
            assertEquals(1L, Fixtures.count(dataSource, "SELECT count(*) FROM ticket_timeline WHERE ticket_id = ? "
                    + "AND kind = 'opened' AND note LIKE 'opened by survey contact; general, first response due %'", ticket));
            assertEquals(1L, Fixtures.count(dataSource, "SELECT count(*) FROM deadline WHERE kind = 'hotline.ticket' "
                    + "AND subject = ?", ticket + "@community"));
            assertEquals(1L, Fixtures.count(dataSource, "SELECT count(*) FROM outbox WHERE event_key = ? "
                    + "AND event_type = 'org.lifeline.hotline.TicketOpened.v1'", ticket.toString()));
        }
        // the second visit of the same household is a contact on its ticket, with its step on the timeline
        UUID twiceTicket = (UUID) single("SELECT id FROM ticket WHERE household_id = ?", twice);
        assertEquals(1L, Fixtures.count(dataSource, "SELECT count(*) FROM ticket_timeline WHERE ticket_id = ? "
                + "AND kind = 'contacted'", twiceTicket));
        JsonPath shown = as("staff1").get("/api/hotline/tickets/" + twiceTicket).then().statusCode(200).extract().jsonPath();
        assertEquals(2, shown.getInt("ticket.contactsCount"));
    }

    private List<Integer> contactsPerTicket(UUID household) throws Exception {
        List<Integer> counts = new java.util.ArrayList<>();
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.PreparedStatement s = c.prepareStatement(
                "SELECT contacts_count FROM ticket WHERE household_id = ? ORDER BY opened_at")) {
            s.setObject(1, household);
            try (java.sql.ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.add(rs.getInt(1));
                }
            }
        }
        return counts;
    }

    private Object single(String sql, Object arg) throws Exception {
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, arg);
            try (java.sql.ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), sql + " " + arg);
                return rs.getObject(1);
            }
        }
    }

    private static Map<String, Object> symptoms(UUID household, String room) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("roundId", UUID.randomUUID().toString());
        data.put("householdId", household.toString());
        data.put("householdCode", "610113001001-01-01-1-" + room);
        data.put("placePath", "/6101/610113/610113001/610113001001/610113001001-01/610113001001-01-01/610113001001-01-01-1/");
        data.put("visited", true);
        data.put("notVisitedReason", null);
        data.put("present", 2);
        data.put("needs", List.of("有症状，需要健康随访"));
        data.put("needCodes", List.of("symptoms-follow-up"));
        data.put("suppliesNeeds", null);
        data.put("recordedAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        return data;
    }

    private static String surveyEvent(UUID household, String room) throws Exception {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("specversion", "1.0");
        e.put("id", UUID.randomUUID().toString());
        e.put("source", "/lifeline/residents");
        e.put("type", "org.lifeline.residents.SurveyVisitRecorded.v1");
        e.put("subject", household.toString());
        e.put("time", OffsetDateTime.now(ZoneOffset.UTC).toString());
        e.put("datacontenttype", "application/json");
        e.put("data", symptoms(household, room));
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(e);
    }

    @Test
    void shouldOpenAMedicalTicketWhenAMedicalRequestReachesTheCity() throws Exception {
        UUID household = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0702");
        UUID request = UUID.randomUUID();
        send("lifeline.medical.request.v1", request.toString(), "org.lifeline.medical.MedicalRequestEscalated.v1",
                escalated(request, household, "district"));
        send("lifeline.medical.request.v1", request.toString(), "org.lifeline.medical.MedicalRequestEscalated.v1",
                escalated(request, household, "city"));
        List<Map<String, Object>> tickets = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                as("staff1").get("/api/hotline/households/" + household + "/tickets").then().statusCode(200).extract()
                        .jsonPath().getList("", Map.class), l -> !l.isEmpty()).stream().map(m -> (Map<String, Object>) m).toList();
        assertEquals(1, tickets.size());
        assertEquals("medical", tickets.get(0).get("category"));
        assertEquals("life-safety", tickets.get(0).get("urgency"));
        assertEquals(1, tickets.get(0).get("contactsCount"));
    }

    @Test
    void shouldOpenASuppliesTicketForADeliveryLeftOverdue() throws Exception {
        UUID household = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0703");
        UUID order = UUID.randomUUID();
        Map<String, Object> placed = new LinkedHashMap<>();
        placed.put("orderId", order.toString());
        placed.put("householdId", household.toString());
        placed.put("householdCode", "610113001001-01-01-1-0703");
        placed.put("itemCode", "veg-box");
        placed.put("quantity", 1);
        placed.put("source", "warehouse");
        placed.put("status", "allocated");
        placed.put("onBehalf", false);
        placed.put("placedAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        send("lifeline.supplies.order.v1", order.toString(), "org.lifeline.supplies.OrderPlaced.v1", placed);
        UUID task = UUID.randomUUID();
        Map<String, Object> overdue = new LinkedHashMap<>();
        overdue.put("taskId", task.toString());
        overdue.put("kind", "delivery");
        overdue.put("areaPath", "/6101/610113/610113001/610113001001/");
        overdue.put("source", "supplies");
        overdue.put("sourceRef", order.toString());
        overdue.put("status", "open");
        overdue.put("claimedBy", null);
        overdue.put("deadline", OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).toString());
        // a staff task's overdue is not the hotline's
        Map<String, Object> staffTask = new LinkedHashMap<>(overdue);
        staffTask.put("taskId", UUID.randomUUID().toString());
        staffTask.put("source", "staff");
        send("lifeline.cogovernance.task.v1", task.toString(), "org.lifeline.cogovernance.TaskOverdue.v1", staffTask);
        send("lifeline.cogovernance.task.v1", task.toString(), "org.lifeline.cogovernance.TaskOverdue.v1", overdue);
        List<Map<String, Object>> tickets = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                as("staff1").get("/api/hotline/households/" + household + "/tickets").then().statusCode(200).extract()
                        .jsonPath().getList("", Map.class), l -> !l.isEmpty()).stream().map(m -> (Map<String, Object>) m).toList();
        assertEquals(1, tickets.size());
        assertEquals("supplies", tickets.get(0).get("category"));
        as("staff1").queryParam("reveal", true).get("/api/hotline/tickets/" + tickets.get(0).get("id")).then().statusCode(200)
                .body("contacts[0].channel", org.hamcrest.Matchers.equalTo("signal"))
                .body("contacts[0].text", org.hamcrest.Matchers.containsString(order.toString()));
    }

    @Test
    void shouldOpenOneCareTicketForPersonsNobodyContactedInTime() throws Exception {
        UUID household = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0704");
        OffsetDateTime lastCall = OffsetDateTime.parse("2026-12-01T02:30:00Z"); // 10:30 in Xi'an
        // the grandmother never contacted, the grandfather last called two days ago: one ticket, two contacts
        send("lifeline.residents.care.v1", household.toString(), "org.lifeline.residents.CareContactOverdue.v1",
                careOverdue(household, "0704", null));
        send("lifeline.residents.care.v1", household.toString(), "org.lifeline.residents.CareContactOverdue.v1",
                careOverdue(household, "0704", lastCall));
        List<Map<String, Object>> tickets = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                as("staff1").get("/api/hotline/households/" + household + "/tickets").then().statusCode(200).extract()
                        .jsonPath().getList("", Map.class), l -> !l.isEmpty() && ((Map<?, ?>) l.get(0)).get("contactsCount")
                        .equals(2)).stream().map(m -> (Map<String, Object>) m).toList();
        assertEquals(1, tickets.size());
        assertEquals("care", tickets.get(0).get("category"));
        assertEquals("general", tickets.get(0).get("urgency"));
        JsonPath ticket = as("staff1").queryParam("reveal", true).get("/api/hotline/tickets/" + tickets.get(0).get("id"))
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("signal", "signal"), ticket.getList("contacts.channel"));
        assertTrue(ticket.getString("contacts[0].text").contains("从未联系"), ticket.getString("contacts[0].text"));
        assertTrue(ticket.getString("contacts[1].text").contains("12月1日 10:30"), ticket.getString("contacts[1].text"));
        // staff of another community do not see it
        as("staff2").get("/api/hotline/tickets/" + tickets.get(0).get("id")).then().statusCode(404);
    }

    private static Map<String, Object> careOverdue(UUID household, String room, OffsetDateTime lastContact) {
        OffsetDateTime since = lastContact != null ? lastContact : OffsetDateTime.now(ZoneOffset.UTC).minusHours(49);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("personId", UUID.randomUUID().toString());
        d.put("householdId", household.toString());
        d.put("householdCode", "610113001001-01-01-1-" + room);
        d.put("placePath", "/6101/610113/610113001/610113001001/610113001001-01/610113001001-01-01/610113001001-01-01-1/");
        d.put("flags", List.of("living-alone-over-70"));
        d.put("lastContactAt", lastContact == null ? null : lastContact.toString());
        d.put("since", since.toString());
        d.put("dueAt", since.plusHours(48).toString());
        return d;
    }

    private static Map<String, Object> escalated(UUID request, UUID household, String toLevel) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("requestId", request.toString());
        d.put("householdId", household.toString());
        d.put("kind", "automatic");
        d.put("stage", "acknowledged");
        d.put("fromLevel", "street");
        d.put("toLevel", toLevel);
        d.put("toCode", "city".equals(toLevel) ? "6101" : "610113");
        d.put("dueAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        d.put("escalatedAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        return d;
    }

    private void send(String topic, String key, String type, Map<String, Object> data) throws Exception {
        try (ResidentsEventsProducer producer = new ResidentsEventsProducer(bootstrap)) {
            producer.send(topic, key, type, UUID.randomUUID(), OffsetDateTime.now(ZoneOffset.UTC), data);
        }
    }
}
