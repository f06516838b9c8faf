package org.lifeline.hotline.ticket;

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

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.lifeline.hotline.support.Fixtures.as;
import static org.lifeline.hotline.support.Fixtures.contact;

/** Merging by hand and undoing it exactly, splitting, each on both timelines. */
@QuarkusTest
// a broker of the module's own: the suite's shared one holds other modules' medical and task events about households
// and tickets this module never saw, which the hotline would park
@WithTestResource(value = LifelineServersResource.class, initArgs = {@ResourceArg(name = "database", value = "hotline"),
        @ResourceArg(name = "servers", value = "postgres,keycloak")}, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = PrivateKafkaResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class MergeTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldMergeAndUndoTheMergeExactly() throws Exception {
        UUID household = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0601");
        String a = as("staff1").body(contact(household, "supplies", "general", "phone-community", "没有药了"))
                .post("/api/hotline/contacts").then().statusCode(201).extract().path("ticket.id");
        as("staff1").body(contact(household, "supplies", "general", "phone-12345", "药快吃完了")).post("/api/hotline/contacts")
                .then().statusCode(200);
        String b = as("staff1").body(contact(household, "medical", "general", "phone-community", "需要开药"))
                .post("/api/hotline/contacts").then().statusCode(201).extract().path("ticket.id");
        JsonPath aBefore = view(a);
        JsonPath bBefore = view(b);

        JsonPath merged = as("staff1").body(Map.of("into", b)).post("/api/hotline/tickets/" + a + "/merge").then()
                .statusCode(200).body("ticket.id", equalTo(b)).body("ticket.contactsCount", equalTo(3)).extract().jsonPath();
        assertEquals(3, merged.getList("contacts").size());
        as("staff1").get("/api/hotline/tickets/" + a).then().statusCode(200).body("ticket.status", equalTo("merged"))
                .body("ticket.mergedInto", equalTo(b)).body("contacts.size()", equalTo(0))
                .body("timeline[-1].kind", equalTo("merged"));
        // a new supplies contact now opens a new ticket: the merged one is no longer open
        // (not done here: it would block the undo, which the next assertion checks)
        as("staff2").post("/api/hotline/tickets/" + a + "/unmerge").then().statusCode(404);

        as("staff1").post("/api/hotline/tickets/" + a + "/unmerge").then().statusCode(200).body("ticket.status", equalTo("open"));
        JsonPath aAfter = view(a);
        JsonPath bAfter = view(b);
        assertEquals(aBefore.getMap("ticket"), aAfter.getMap("ticket"));
        assertEquals(bBefore.getMap("ticket"), bAfter.getMap("ticket"));
        assertEquals(aBefore.getList("contacts"), aAfter.getList("contacts"));
        assertEquals(bBefore.getList("contacts"), bAfter.getList("contacts"));
        assertEquals(List.of("merged", "unmerged"), aAfter.getList("timeline.kind").subList(2, 4));
        assertEquals(List.of("merged-in", "unmerged"), bAfter.getList("timeline.kind").subList(1, 3));
        as("staff1").post("/api/hotline/tickets/" + a + "/unmerge").then().statusCode(409);
    }

    @Test
    void shouldRefuseToMergeAnotherHouseholdsTicketOrAnUnknownOne() throws Exception {
        UUID one = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0602");
        UUID two = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0603");
        String a = as("staff1").body(contact(one, "care", "general", "phone-community", "x")).post("/api/hotline/contacts")
                .then().statusCode(201).extract().path("ticket.id");
        String b = as("staff1").body(contact(two, "care", "general", "phone-community", "y")).post("/api/hotline/contacts")
                .then().statusCode(201).extract().path("ticket.id");
        as("staff1").body(Map.of("into", b)).post("/api/hotline/tickets/" + a + "/merge").then().statusCode(409);
        as("staff1").body(Map.of("into", a)).post("/api/hotline/tickets/" + a + "/merge").then().statusCode(400);
        as("staff1").body(Map.of("into", UUID.randomUUID())).post("/api/hotline/tickets/" + a + "/merge").then().statusCode(404);
    }

    @Test
    void shouldSplitContactsIntoANewTicketOfAnotherCategory() throws Exception {
        UUID household = Fixtures.household(bootstrap, dataSource, Fixtures.COMMUNITY1, "0604");
        String a = as("staff1").body(contact(household, "other", "general", "phone-community", "没有菜了"))
                .post("/api/hotline/contacts").then().statusCode(201).extract().path("ticket.id");
        as("staff1").body(contact(household, "other", "general", "phone-12345", "孩子发烧")).post("/api/hotline/contacts")
                .then().statusCode(200);
        List<Integer> ids = view(a).getList("contacts.id");
        as("staff1").body(Map.of("contactIds", ids, "category", "medical")).post("/api/hotline/tickets/" + a + "/split")
                .then().statusCode(400); // at least one stays
        JsonPath split = as("staff1").body(Map.of("contactIds", List.of(ids.get(1)), "category", "medical"))
                .post("/api/hotline/tickets/" + a + "/split").then().statusCode(201).extract().jsonPath();
        String b = split.getString("ticket.id");
        assertNotEquals(a, b);
        assertEquals("medical", split.getString("ticket.category"));
        assertEquals(List.of(ids.get(1)), split.getList("contacts.id"));
        JsonPath left = view(a);
        assertEquals(1, left.getInt("ticket.contactsCount"));
        assertEquals(List.of(ids.get(0)), left.getList("contacts.id"));
        assertEquals("split", left.getString("timeline[-1].kind"));
        // the household's medical need is now that ticket: a medical contact adds to it
        as("staff1").body(contact(household, "medical", "general", "phone-community", "还在发烧")).post("/api/hotline/contacts")
                .then().statusCode(200).body("ticket.id", equalTo(b));
    }

    private static JsonPath view(String id) {
        return as("staff1").get("/api/hotline/tickets/" + id).then().statusCode(200).extract().jsonPath();
    }
}
