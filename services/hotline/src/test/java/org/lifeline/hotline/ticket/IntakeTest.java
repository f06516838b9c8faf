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
import org.lifeline.servers.EventCollector;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.PrivateKafkaResource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.hotline.support.Fixtures.as;
import static org.lifeline.hotline.support.Fixtures.contact;

/**
 * Intake: one ticket per household and need whatever the channel, the text masked and each reveal audited, who sees
 * what, Idempotency-Key, concurrent first contacts, the events.
 */
@QuarkusTest
// a broker of the module's own: the suite's shared one holds other modules' medical and task events about households
// and tickets this module never saw, which the hotline would park
@WithTestResource(value = LifelineServersResource.class, initArgs = {@ResourceArg(name = "database", value = "hotline"),
        @ResourceArg(name = "servers", value = "postgres,keycloak")}, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = PrivateKafkaResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class IntakeTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldKeepOneTicketWithThreeContactsFromThreeChannels() throws Exception {
        UUID household = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0101"); // resident1's
        try (EventCollector events = new EventCollector(bootstrap, TicketEvent.TOPIC)) {
            String id = as("staff1").body(contact(household, "supplies", "general", "phone-community", "家里没有米了，老人发烧"))
                    .post("/api/hotline/contacts").then().statusCode(201).body("merged", equalTo(false))
                    .body("ticket.contactsCount", equalTo(1)).body("ticket.level", equalTo("community"))
                    .body("ticket.levelCode", equalTo(Fixtures.COMMUNITY1)).extract().path("ticket.id");
            as("resident1").body(Map.of("category", "supplies", "text", "还是没有米")).post("/api/hotline/my/contacts")
                    .then().statusCode(200).body("merged", equalTo(true)).body("ticket.id", equalTo(id))
                    .body("ticket.contactsCount", equalTo(2));
            as("street1").body(contact(household, "supplies", "general", "phone-12345", "12345转来：米面油"))
                    .post("/api/hotline/contacts").then().statusCode(200).body("merged", equalTo(true))
                    .body("ticket.id", equalTo(id)).body("ticket.contactsCount", equalTo(3));

            JsonPath masked = as("staff1").get("/api/hotline/tickets/" + id).then().statusCode(200).extract().jsonPath();
            assertEquals(List.of("phone-community", "portal", "phone-12345"), masked.getList("contacts.channel"));
            assertEquals(List.of(true, true, true), masked.getList("contacts.masked"));
            assertEquals(3, masked.getList("contacts.findAll { it.text == null }").size());
            assertEquals("139****5678", masked.getString("contacts[0].callerPhone"));
            assertEquals(List.of("opened", "contacted", "contacted"), masked.getList("timeline.kind"));
            assertEquals(0, audits(id));

            as("staff1").queryParam("reveal", true).get("/api/hotline/tickets/" + id).then().statusCode(200)
                    .body("textMasked", equalTo(false)).body("contacts[0].text", equalTo("家里没有米了，老人发烧"))
                    .body("contacts[0].callerPhone", equalTo("13912345678"));
            assertEquals(1, audits(id));
            // a platform admin sees the ticket but may not read its text
            as("admin1").get("/api/hotline/tickets/" + id).then().statusCode(200).body("contacts[0].text", nullValue());
            as("admin1").queryParam("reveal", true).get("/api/hotline/tickets/" + id).then().statusCode(403)
                    .contentType("application/problem+json");
            assertEquals(1, audits(id));
            // the household reads its own ticket's text, audited too
            as("resident1").get("/api/hotline/tickets/" + id).then().statusCode(200).body("contacts[1].text", equalTo("还是没有米"));
            assertEquals(2, audits(id));

            List<ConsumerRecord<String, String>> published = events.await(r -> id.equals(r.key()), 3, Duration.ofSeconds(30));
            assertTrue(published.get(0).value().contains(TicketEvent.OPENED.type()), published.get(0).value());
            assertEquals(2, published.stream().filter(r -> r.value().contains(TicketEvent.CONTACTED.type())).count());
            assertTrue(published.stream().noneMatch(r -> r.value().contains("米") || r.value().contains("13912345678")),
                    "no ticket text or phone in events");
        }
    }

    @Test
    void shouldShowATicketOnlyToItsAreaAndItsHousehold() throws Exception {
        UUID household = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0101"); // resident1's
        String id = as("staff1").body(contact(household, "care", "general", "phone-community", "独居老人需要帮助"))
                .post("/api/hotline/contacts").then().statusCode(201).extract().path("ticket.id");
        // staff of another community: not found, and cannot take contacts for the household
        as("staff2").get("/api/hotline/tickets/" + id).then().statusCode(404).contentType("application/problem+json");
        as("staff2").post("/api/hotline/tickets/" + id + "/claim").then().statusCode(404);
        as("staff2").body(contact(household, "care", "general", "phone-community", "x")).post("/api/hotline/contacts")
                .then().statusCode(404);
        as("staff2").get("/api/hotline/tickets?status=open&size=500").then().statusCode(200).body("items.id", not(hasItem(id)));
        as("staff1").get("/api/hotline/tickets?status=open&size=500").then().statusCode(200).body("items.id", hasItem(id));
        as("street1").get("/api/hotline/tickets?place=" + Fixtures.COMMUNITY1 + "&size=500").then().statusCode(200)
                .body("items.id", hasItem(id));
        as("staff1").get("/api/hotline/tickets?place=" + Fixtures.COMMUNITY2).then().statusCode(403);
        // residents: their own household's tickets only
        as("resident1").get("/api/hotline/my/tickets").then().statusCode(200).body("id", hasItem(id));
        as("resident2").get("/api/hotline/my/tickets").then().statusCode(200).body("id", not(hasItem(id)));
        as("resident2").get("/api/hotline/tickets/" + id).then().statusCode(404);
        as("resident1").get("/api/hotline/tickets?status=open").then().statusCode(403);
        as("resident1").post("/api/hotline/tickets/" + id + "/claim").then().statusCode(403);
        // a grid worker of the area sees it (masked) but does not handle it
        as("grid1").get("/api/hotline/tickets/" + id).then().statusCode(200).body("textMasked", equalTo(true));
        as("grid1").queryParam("reveal", true).get("/api/hotline/tickets/" + id).then().statusCode(403);
        as("merchant1").get("/api/hotline/tickets/" + id).then().statusCode(403);
        // the household overview part: open tickets, no text
        as("staff1").get("/api/hotline/households/" + household + "/tickets").then().statusCode(200)
                .body("id", hasItem(id));
        as("staff2").get("/api/hotline/households/" + household + "/tickets").then().statusCode(200)
                .body("id", not(hasItem(id)));
    }

    @Test
    void shouldLetAGridWorkerOpenTicketsForHouseholdsOfTheirGridOnly() throws Exception {
        UUID mine = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0201"); // in grid1's compound
        UUID other = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY2, "0201");
        as("grid1").body(contact(mine, "care", "general", "survey", "独居老人行动不便")).post("/api/hotline/contacts").then()
                .statusCode(201).body("ticket.levelCode", equalTo(Fixtures.COMMUNITY1));
        as("grid1").body(contact(other, "care", "general", "survey", "x")).post("/api/hotline/contacts").then().statusCode(404);
        as("resident1").body(contact(mine, "care", "general", "portal", "x")).post("/api/hotline/contacts").then().statusCode(403);
        as("volunteer1").body(Map.of("category", "care", "text", "x")).post("/api/hotline/my/contacts").then().statusCode(403);
    }

    @Test
    void shouldReplayAnIdempotentContactAndRefuseTheKeyWithAnotherBody() throws Exception {
        UUID household = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0301");
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = contact(household, "testing", "general", "phone-community", "核酸结果查不到");
        String id = as("staff1").header("Idempotency-Key", key).body(body).post("/api/hotline/contacts").then()
                .statusCode(201).extract().path("ticket.id");
        as("staff1").header("Idempotency-Key", key).body(body).post("/api/hotline/contacts").then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("ticket.id", equalTo(id)).body("ticket.contactsCount", equalTo(1));
        as("staff1").header("Idempotency-Key", key).body(contact(household, "testing", "general", "phone-community", "另一件事"))
                .post("/api/hotline/contacts").then().statusCode(422);
        assertEquals(1, Fixtures.count(dataSource, "SELECT count(*) FROM ticket_contact WHERE ticket_id = ?::uuid", id));
    }

    @Test
    void shouldOpenOneTicketForTwentyConcurrentFirstContacts() throws Exception {
        UUID household = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0302");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String channel = i % 2 == 0 ? "phone-12345" : "phone-community";
                answers.add(pool.submit(() -> as("staff1").body(contact(household, "housing-utilities", "utilities", channel,
                        "停水了")).post("/api/hotline/contacts").then().extract().statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : answers) {
                statuses.add(f.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(19, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, Fixtures.count(dataSource, "SELECT count(*) FROM ticket WHERE household_id = ?", household));
        assertEquals(20, Fixtures.count(dataSource, "SELECT contacts_count FROM ticket WHERE household_id = ?", household));
        assertEquals(20, Fixtures.count(dataSource, "SELECT count(*) FROM ticket_contact c JOIN ticket t ON t.id = c.ticket_id "
                + "WHERE t.household_id = ?", household));
    }

    private long audits(String ticket) throws Exception {
        return Fixtures.count(dataSource, "SELECT count(*) FROM ticket_text_access WHERE ticket_id = ?::uuid", ticket);
    }
}
