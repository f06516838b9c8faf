package org.lifeline.cogovernance.task;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.lifeline.cogovernance.support.Events;
import org.lifeline.cogovernance.api.TaskApi.PostRequest;
import org.lifeline.cogovernance.api.TaskApi.Task;
import org.lifeline.cogovernance.api.VolunteerApi.RegisterRequest;
import org.lifeline.cogovernance.event.TaskEvent;
import org.lifeline.cogovernance.service.TaskService;
import org.lifeline.cogovernance.service.VolunteerService;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.problem.ProblemType;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Roles;
import org.lifeline.platform.time.OffsetClock;
import org.lifeline.servers.EventCollector;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The task board: vetting before claiming, one claimant under 50 concurrent claims, reports, hours, overdue, tasks from events. */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "cogovernance"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class TaskBoardTest {

    static final String COMMUNITY = "610113001001";
    static final String COMMUNITY_PATH = "/6101/610113/610113001/610113001001/";
    static final String OTHER_COMMUNITY = "610113001002";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    TaskService tasks;

    @Inject
    VolunteerService volunteers;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OffsetClock clock;

    @BeforeEach
    void places() throws Exception {
        try (Events events = new Events(bootstrap)) {
            events.baseHierarchy();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                as("staff1").body(post("warm-up", 2)).post("/api/cogovernance/tasks").then().statusCode(201));
    }

    @Test
    void shouldLetOnlyVettedVolunteersOfTheAreaClaimAndReport() {
        // volunteer1 registers (once per database; a second registration is 409)
        int status = as("volunteer1").body(Map.of("name", "李志愿", "phone", "13800138000", "skills", List.of("driver", "it"),
                "availability", "weekday evenings", "homeAreaCode", COMMUNITY)).post("/api/cogovernance/volunteers")
                .then().extract().statusCode();
        assertTrue(status == 201 || status == 409, "register: " + status);
        String me = as("volunteer1").get("/api/cogovernance/volunteers/me").then().statusCode(200)
                .body("phone", equalTo("13800138000")).extract().path("id");
        as("staff2").body(Map.of("decision", "vetted")).post("/api/cogovernance/volunteers/" + me + "/vetting").then().statusCode(404);
        as("volunteer1").body(Map.of("decision", "vetted")).post("/api/cogovernance/volunteers/" + me + "/vetting").then().statusCode(403);
        as("staff1").body(Map.of("decision", "rejected", "note", "documents missing"))
                .post("/api/cogovernance/volunteers/" + me + "/vetting").then().statusCode(200).body("status", equalTo("rejected"));

        String task = as("staff1").body(post("Carry medicine to 3-1201", 3)).post("/api/cogovernance/tasks").then().statusCode(201)
                .body("status", equalTo("open")).extract().path("id");
        as("volunteer1").post("/api/cogovernance/tasks/" + task + "/claim").then().statusCode(403); // not vetted
        as("staff1").body(Map.of("decision", "vetted", "note", "ID checked"))
                .post("/api/cogovernance/volunteers/" + me + "/vetting").then().statusCode(200).body("status", equalTo("vetted"));

        as("volunteer1").get("/api/cogovernance/tasks?status=open&size=500").then().statusCode(200).body("items.id", hasItem(task));
        as("staff2").get("/api/cogovernance/tasks/" + task).then().statusCode(404);
        as("staff1").body(post("x", 1)).post("/api/cogovernance/tasks/" + task + "/claim").then().statusCode(403); // staff do not claim
        as("volunteer1").post("/api/cogovernance/tasks/" + task + "/claim").then().statusCode(200)
                .body("status", equalTo("claimed")).body("claimedBy", equalTo("volunteer1"));
        as("volunteer1").post("/api/cogovernance/tasks/" + task + "/claim").then().statusCode(409)
                .contentType("application/problem+json");
        as("volunteer1").body(Map.of("note", "picked up at the pharmacy", "evidence", List.of("https://photos.example/1.jpg")))
                .post("/api/cogovernance/tasks/" + task + "/progress").then().statusCode(200).body("status", equalTo("in-progress"));
        as("volunteer1").body(Map.of("note", "delivered", "evidence", List.of()))
                .post("/api/cogovernance/tasks/" + task + "/completion").then().statusCode(400); // evidence required
        as("volunteer1").body(Map.of("note", "delivered to the door", "evidence", List.of("https://photos.example/2.jpg"), "hours", 1.5))
                .post("/api/cogovernance/tasks/" + task + "/completion").then().statusCode(200)
                .body("status", equalTo("done")).body("reports.kind", equalTo(List.of("progress", "completion")));
        as("volunteer1").body(Map.of("note", "again", "evidence", List.of("x"), "hours", 1))
                .post("/api/cogovernance/tasks/" + task + "/completion").then().statusCode(409);
        as("staff1").get("/api/cogovernance/tasks/hours").then().statusCode(200)
                .body("username", hasItem("volunteer1")).body("find { it.username == 'volunteer1' }.hours", notNullValue());
        as("volunteer1").get("/api/cogovernance/tasks/hours").then().statusCode(403);
    }

    @Test
    void shouldLetExactlyOneOfFiftyConcurrentClaimsWin() throws Exception {
        List<Caller> fifty = new ArrayList<>();
        Caller staff = new Caller(UUID.randomUUID().toString(), "staff-test", Set.of(Roles.COMMUNITY_STAFF), List.of(COMMUNITY), null);
        for (int i = 0; i < 50; i++) {
            Caller v = new Caller(UUID.randomUUID().toString(), "vol-" + i + "-" + UUID.randomUUID().toString().substring(0, 6),
                    Set.of(Roles.VOLUNTEER), List.of(COMMUNITY), null);
            UUID id = volunteers.register(v, new RegisterRequest("志愿者" + i, "139" + String.format("%08d", i), List.of("driver"),
                    "any time", COMMUNITY)).id();
            volunteers.vet(staff, id, "vetted", null);
            fifty.add(v);
        }
        UUID task = tasks.post(staff, new PostRequest("delivery", "One box for 5-0302", null, COMMUNITY,
                OffsetDateTime.now(ZoneOffset.UTC).plusHours(2))).id();

        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        for (Caller v : fifty) {
            outcomes.add(pool.submit(() -> {
                start.await();
                try {
                    return tasks.claim(v, task).claimedBy();
                } catch (ProblemException e) {
                    return e.type() == ProblemType.CONFLICT ? null : "unexpected " + e.type();
                }
            }));
        }
        start.countDown();
        List<String> winners = new ArrayList<>();
        for (Future<String> outcome : outcomes) {
            String winner = outcome.get();
            if (winner != null) {
                winners.add(winner);
            }
        }
        pool.shutdown();
        assertEquals(1, winners.size(), "winners: " + winners);
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT status, claimed_by, (SELECT count(*) FROM outbox "
                        + "WHERE event_key = ? AND event_type = ?) FROM task WHERE id = ?")) {
            s.setString(1, task.toString());
            s.setString(2, TaskEvent.CLAIMED.type());
            s.setObject(3, task);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertEquals("claimed", rs.getString(1));
                assertEquals(winners.get(0), rs.getString(2));
                assertEquals(1, rs.getLong(3), "one TaskClaimed event");
            }
        }
    }

    @Test
    void shouldTakeTasksFromSuppliesAndMedicalOnceAndFlagOverdueOnes() throws Exception {
        UUID order = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        String building = COMMUNITY_PATH + "610113001001-01/610113001001-01-01/";
        try (Events events = new Events(bootstrap)) {
            events.deliveryTask(eventId, order, building + "610113001001-01-01-1/", building);
            events.deliveryTask(eventId, order, building + "610113001001-01-01-1/", building); // redelivery
            events.deliveryTask(UUID.randomUUID(), order, building + "610113001001-01-01-1/", building); // same order again
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                as("staff1").get("/api/cogovernance/tasks?status=all&size=500").then().statusCode(200)
                        .body("items.findAll { it.sourceRef == '" + order + "' }.size()", equalTo(1)));
        as("staff1").get("/api/cogovernance/tasks?status=all&size=500").then()
                .body("items.find { it.sourceRef == '" + order + "' }.kind", equalTo("delivery"))
                .body("items.find { it.sourceRef == '" + order + "' }.areaPath", equalTo(building));

        // a green-channel request from medical: an escort task due within 30 minutes
        UUID medicalRequest = UUID.randomUUID();
        try (Events events = new Events(bootstrap)) {
            events.greenChannel(medicalRequest, building + "610113001001-01-01-1/");
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                as("volunteer1").get("/api/cogovernance/tasks?status=all&size=500").then().statusCode(200)
                        .body("items.find { it.sourceRef == '" + medicalRequest + "' }.kind", equalTo("green-channel"))
                        .body("items.find { it.sourceRef == '" + medicalRequest + "' }.source", equalTo("medical")));
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*), max(deadline) < now() + interval '31 minutes' FROM task WHERE source_ref = ?")) {
            s.setString(1, medicalRequest.toString());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertEquals(1, rs.getLong(1));
                assertTrue(rs.getBoolean(2));
            }
        }

        // testing asks for help with home sampling: a task due by the evening of the test day
        UUID campaign = UUID.randomUUID();
        UUID bedridden = UUID.randomUUID();
        String testDate = LocalDate.now(ZoneOffset.UTC).plusDays(2).toString();
        // residents: a household the grid worker did not reach becomes a door visit; one reached later is withdrawn
        UUID round = UUID.randomUUID();
        UUID away = UUID.randomUUID();
        UUID reachedLater = UUID.randomUUID();
        try (Events events = new Events(bootstrap)) {
            events.homeSampling(campaign, bedridden, building + "610113001001-01-01-1/", testDate);
            events.surveyVisit(round, away, building + "610113001001-01-01-1/", false);
            events.surveyVisit(round, reachedLater, building + "610113001001-01-01-1/", false);
            events.surveyVisit(round, reachedLater, building + "610113001001-01-01-1/", true); // same key: in order
        }
        String samplingRef = campaign + ":" + bedridden;
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                as("staff1").get("/api/cogovernance/tasks?status=all&size=500").then().statusCode(200)
                        .body("items.find { it.sourceRef == '" + samplingRef + "' }.kind", equalTo("sampling-assist"))
                        .body("items.find { it.sourceRef == '" + samplingRef + "' }.source", equalTo("testing"))
                        .body("items.find { it.sourceRef == 'survey:" + round + ":" + away + "' }.kind", equalTo("door-visit"))
                        .body("items.find { it.sourceRef == 'survey:" + round + ":" + reachedLater + "' }.status",
                                equalTo("cancelled")));
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT deadline FROM task WHERE source = 'testing' AND source_ref = ?")) {
            s.setString(1, samplingRef);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertEquals(LocalDate.parse(testDate).atTime(20, 0).atZone(java.time.ZoneId.of("Asia/Shanghai")).toInstant(),
                        rs.getObject(1, OffsetDateTime.class).toInstant());
            }
        }
        as("staff1").get("/api/cogovernance/tasks?status=open&size=500").then().statusCode(200)
                .body("items.sourceRef", hasItem("survey:" + round + ":" + away))
                .body("items.sourceRef", not(hasItem("survey:" + round + ":" + reachedLater)));

        // a staff task whose deadline passes unclaimed is flagged once: the clock moves past the deadline (no waiting)
        String late = as("staff1").body(Map.of("kind", "door-visit", "title", "Visit 2-0101 (elderly alone)", "areaCode", COMMUNITY,
                "deadline", OffsetDateTime.now(clock).plusMinutes(1).toString())).post("/api/cogovernance/tasks")
                .then().statusCode(201).extract().path("id");
        as("staff1").get("/api/cogovernance/tasks/" + late).then().statusCode(200).body("overdue", equalTo(false));
        clock.advance(Duration.ofMinutes(2));
        try {
            tasks.flagOverdue();
            as("staff1").get("/api/cogovernance/tasks?status=overdue&size=500").then().statusCode(200)
                    .body("items.id", hasItem(late)).body("items.find { it.id == '" + late + "' }.flaggedAt", notNullValue())
                    .body("items.find { it.id == '" + late + "' }.overdue", equalTo(true));
            as("staff1").get("/api/cogovernance/tasks?status=open&size=500").then().body("items.id", hasItem(late));
            assertEquals(0, countOverdueEvents(late) - 1, "one TaskOverdue event");
            tasks.flagOverdue();
            assertEquals(1, countOverdueEvents(late));
            as("staff2").get("/api/cogovernance/tasks?status=overdue&size=500").then().body("items.id", not(hasItem(late)));
        } finally {
            clock.reset();
        }
    }

    @Test
    void shouldSendAVolunteerWithSuppliesForAHotlineTicketWithoutAnOrderOnce() throws Exception {
        // a vetted volunteer of the household's community and one of the next community
        Caller staff = new Caller(UUID.randomUUID().toString(), "staff-test", Set.of(Roles.COMMUNITY_STAFF), List.of(COMMUNITY), null);
        Caller otherStaff = new Caller(UUID.randomUUID().toString(), "staff-test-2", Set.of(Roles.COMMUNITY_STAFF),
                List.of(OTHER_COMMUNITY), null);
        Caller here = vettedVolunteer(staff, COMMUNITY);
        Caller elsewhere = vettedVolunteer(otherStaff, OTHER_COMMUNITY);

        String unit = COMMUNITY_PATH + "610113001001-01/610113001001-01-01/610113001001-01-01-1/";
        UUID ticket = UUID.randomUUID();
        UUID household = UUID.randomUUID();
        UUID opened = UUID.randomUUID();
        UUID openedAgain = UUID.randomUUID();
        UUID toCommunity = UUID.randomUUID();
        UUID toOrder = UUID.randomUUID();
        UUID communityEvent = UUID.randomUUID();
        UUID orderEvent = UUID.randomUUID();
        UUID contactedEvent = UUID.randomUUID();
        UUID forgedTicket = UUID.randomUUID();
        UUID forgedEvent = UUID.randomUUID();
        double rejectedBefore = rejected("source");
        try (EventCollector posted = new EventCollector(bootstrap, TaskEvent.TOPIC); Events events = new Events(bootstrap)) {
            events.ticketOpened(opened, ticket, household, unit, "delivery-task", null);
            events.ticketOpened(opened, ticket, household, unit, "delivery-task", null); // redelivery
            events.ticketOpened(openedAgain, ticket, household, unit, "delivery-task", null); // the same ticket opened again
            // other routes are not the board's: linked to the household's order, or the community's own business
            events.ticketOpened(communityEvent, toCommunity, UUID.randomUUID(), unit, "community", null);
            events.ticketOpened(orderEvent, toOrder, UUID.randomUUID(), unit, "supplies-order", UUID.randomUUID().toString());
            // a producer that is not the hotline, claiming a delivery-task ticket; then, on the same key (one partition,
            // so consumed after it), another type of the hotline's with a delivery-task route: ignored
            events.sendAs("/lifeline/supplies", Events.HOTLINE_TICKET_TOPIC, forgedTicket.toString(),
                    "org.lifeline.hotline.TicketOpened.v1", forgedEvent,
                    Events.ticket(forgedTicket, UUID.randomUUID(), unit, "delivery-task", null));
            events.send(Events.HOTLINE_TICKET_TOPIC, forgedTicket.toString(), "org.lifeline.hotline.TicketContacted.v1",
                    contactedEvent, Events.ticket(forgedTicket, UUID.randomUUID(), unit, "delivery-task", null));

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> assertEquals(4,
                    count("SELECT count(*) FROM inbox WHERE event_id IN (?, ?, ?, ?)", openedAgain, communityEvent, orderEvent,
                            contactedEvent)));
            assertEquals(1, count("SELECT count(*) FROM task WHERE source = 'hotline' AND source_ref = ?", ticket.toString()));
            assertEquals(0, count("SELECT count(*) FROM task WHERE source_ref IN (?, ?, ?)", toCommunity.toString(),
                    toOrder.toString(), forgedTicket.toString()));
            // the forger's event is dropped: not applied, not parked, counted
            assertEquals(0, count("SELECT count(*) FROM inbox WHERE event_id = ?", forgedEvent));
            assertEquals(0, count("SELECT count(*) FROM inbox_parked WHERE payload LIKE '%' || ? || '%'", forgedTicket.toString()));
            assertEquals(rejectedBefore + 1, rejected("source"), 0.0, "lifeline_inbox_rejected_total{reason=source}");

            // a door delivery in the household's place, as supplies' deliveries are, due after the usual 4 hours
            String task = as("staff1").get("/api/cogovernance/tasks?status=open&size=500").then().statusCode(200)
                    .body("items.find { it.sourceRef == '" + ticket + "' }.source", equalTo("hotline"))
                    .body("items.find { it.sourceRef == '" + ticket + "' }.kind", equalTo("delivery"))
                    .body("items.find { it.sourceRef == '" + ticket + "' }.areaPath", equalTo(unit))
                    .extract().path("items.find { it.sourceRef == '" + ticket + "' }.id");
            Task onBoard = tasks.get(staff, UUID.fromString(task));
            assertTrue(onBoard.title().startsWith("送物资上门 Supplies to the door: 610113001001-01-01-1"), onBoard.title());
            assertTrue(onBoard.detail().contains(ticket.toString()), onBoard.detail());
            Duration due = Duration.between(OffsetDateTime.now(clock), onBoard.deadline());
            assertTrue(due.compareTo(Duration.ofHours(3)) > 0 && due.compareTo(Duration.ofHours(4)) <= 0, "due in " + due);

            // on the board of the community's volunteers, not on the next community's
            as("staff2").get("/api/cogovernance/tasks/" + task).then().statusCode(404);
            as("volunteer1").get("/api/cogovernance/tasks?status=open&size=500").then().statusCode(200).body("items.id", hasItem(task));
            assertTrue(tasks.list(here, "open", 0, 500).items().stream().anyMatch(t -> t.id().toString().equals(task)));
            assertFalse(tasks.list(elsewhere, "open", 0, 500).items().stream().anyMatch(t -> t.id().toString().equals(task)));
            assertEquals(ProblemType.NOT_FOUND, assertRefused(() -> tasks.claim(elsewhere, UUID.fromString(task))));
            assertEquals("claimed", tasks.claim(here, UUID.fromString(task)).status());

            // one TaskPosted, relayed through the outbox: source hotline, the ticket as its reference
            assertEquals(1, count("SELECT count(*) FROM outbox WHERE event_key = ? AND event_type = ?", task, TaskEvent.POSTED.type()));
            List<ConsumerRecord<String, String>> relayed = posted.await(r -> task.equals(r.key())
                    && r.value().contains(TaskEvent.POSTED.type()), 1, Duration.ofSeconds(30));
            assertEquals(1, relayed.size());
            JsonNode event = new ObjectMapper().readTree(relayed.get(0).value());
            assertEquals("/lifeline/cogovernance", event.path("source").asText());
            assertEquals("hotline", event.at("/data/source").asText());
            assertEquals(ticket.toString(), event.at("/data/sourceRef").asText());
            assertEquals("delivery", event.at("/data/kind").asText());
            assertEquals(unit, event.at("/data/areaPath").asText());
        }
    }

    private Caller vettedVolunteer(Caller staff, String community) {
        Caller v = new Caller(UUID.randomUUID().toString(), "vol-" + UUID.randomUUID().toString().substring(0, 8),
                Set.of(Roles.VOLUNTEER), List.of(community), null);
        UUID id = volunteers.register(v, new RegisterRequest("王志愿", "13700000000", List.of("driver"), "any time", community)).id();
        volunteers.vet(staff, id, "vetted", null);
        return v;
    }

    private static ProblemType assertRefused(Runnable call) {
        try {
            call.run();
        } catch (ProblemException e) {
            return e.type();
        }
        throw new AssertionError("not refused");
    }

    private long count(String sql, Object... params) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** {@code lifeline_inbox_rejected_total} of the hotline's ticket topic, as Prometheus reads it. */
    private static double rejected(String reason) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("lifeline_inbox_rejected_total{") && line.contains("reason=\"" + reason + "\"")
                    && line.contains("topic=\"" + Events.HOTLINE_TICKET_TOPIC + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private long countOverdueEvents(String task) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM outbox WHERE event_key = ? AND event_type = ?")) {
            s.setString(1, task);
            s.setString(2, TaskEvent.OVERDUE.type());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Map<String, Object> post(String title, int hours) {
        return Map.of("kind", "delivery", "title", title, "areaCode", COMMUNITY,
                "deadline", OffsetDateTime.now(ZoneOffset.UTC).plusHours(hours).toString());
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType("application/json");
    }
}
