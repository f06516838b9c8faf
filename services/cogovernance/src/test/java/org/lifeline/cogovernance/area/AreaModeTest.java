package org.lifeline.cogovernance.area;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lifeline.cogovernance.event.AreaModeChanged;
import org.lifeline.cogovernance.support.Events;
import org.lifeline.cogovernance.api.VolunteerApi.RegisterRequest;
import org.lifeline.cogovernance.service.VolunteerService;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Roles;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Emergency mode of a fresh compound: transitions, who may change it, notifications to reserve volunteers, the event. */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "cogovernance"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class AreaModeTest {

    static final String COMMUNITY = "610113001001";
    static final String COMMUNITY_PATH = "/6101/610113/610113001/610113001001/";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    VolunteerService volunteers;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldMoveThroughEmergencyAndRecoveryAndNotifyTheReserve() throws Exception {
        String compound = COMMUNITY + "-M" + Integer.toString(new Random().nextInt(1 << 30), 36);
        try (Events events = new Events(bootstrap)) {
            events.baseHierarchy();
            events.place(compound, "应急小区", "compound", COMMUNITY, COMMUNITY_PATH + compound + "/");
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                as("volunteer1").get("/api/cogovernance/areas/" + compound + "/mode").then().statusCode(200)
                        .body("mode", equalTo("normal")));

        Caller staff = new Caller(UUID.randomUUID().toString(), "staff-test", Set.of(Roles.COMMUNITY_STAFF), List.of(COMMUNITY), null);
        Caller vetted = volunteer(compound);
        volunteers.vet(staff, volunteers.mine(vetted).id(), "vetted", null);
        Caller pending = volunteer(compound);
        Caller elsewhere = volunteer("610113001002");
        volunteers.vet(new Caller(UUID.randomUUID().toString(), "staff2-test", Set.of(Roles.COMMUNITY_STAFF),
                List.of("610113001002"), null), volunteers.mine(elsewhere).id(), "vetted", null);

        as("staff2").body(Map.of("mode", "emergency", "reason", "x")).put("/api/cogovernance/areas/" + compound + "/mode")
                .then().statusCode(403);
        as("volunteer1").body(Map.of("mode", "emergency", "reason", "x")).put("/api/cogovernance/areas/" + compound + "/mode")
                .then().statusCode(403);
        as("staff1").body(Map.of("mode", "recovery", "reason", "x")).put("/api/cogovernance/areas/" + compound + "/mode")
                .then().statusCode(409).contentType("application/problem+json");
        as("staff1").body(Map.of("mode", "emergency", "reason", "两例阳性，小区封控")).put("/api/cogovernance/areas/" + compound + "/mode")
                .then().statusCode(200).body("mode", equalTo("emergency")).body("changedBy", equalTo("staff1"))
                .body("reason", equalTo("两例阳性，小区封控")).body("notified.volunteers", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        assertTrue(volunteers.notifications(vetted).stream().anyMatch(n -> n.areaCode().equals(compound)), "vetted volunteer notified");
        assertTrue(volunteers.notifications(pending).isEmpty(), "pending volunteer not notified");
        assertTrue(volunteers.notifications(elsewhere).stream().noneMatch(n -> n.areaCode().equals(compound)), "other community not notified");

        as("staff1").body(Map.of("mode", "emergency", "reason", "again")).put("/api/cogovernance/areas/" + compound + "/mode")
                .then().statusCode(409);
        as("staff1").body(Map.of("mode", "normal", "reason", "skip recovery")).put("/api/cogovernance/areas/" + compound + "/mode")
                .then().statusCode(409);
        as("street1").body(Map.of("mode", "recovery", "reason", "14 days without a case")).put("/api/cogovernance/areas/" + compound + "/mode")
                .then().statusCode(200).body("mode", equalTo("recovery")).body("notified.volunteers", equalTo(0));
        as("staff1").body(Map.of("mode", "normal", "reason", "lifted")).put("/api/cogovernance/areas/" + compound + "/mode")
                .then().statusCode(200);
        as("volunteer1").get("/api/cogovernance/areas/" + compound + "/mode").then().statusCode(200)
                .body("mode", equalTo("normal")).body("version", equalTo(3))
                .body("history.to", equalTo(List.of("normal", "recovery", "emergency")))
                .body("history.changedBy", equalTo(List.of("staff1", "street1", "staff1")));
        as("staff1").get("/api/cogovernance/areas/unknown-area/mode").then().statusCode(404);

        // three AreaModeChanged events, relayed to Kafka by the outbox
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT count(*), "
                    + "count(published_at) FROM outbox WHERE topic = ? AND event_key = ? AND event_type = ?")) {
                s.setString(1, AreaModeChanged.TYPE.topic());
                s.setString(2, compound);
                s.setString(3, AreaModeChanged.TYPE.type());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    assertEquals(3, rs.getLong(1));
                    assertEquals(3, rs.getLong(2));
                }
            }
        });
    }

    @Test
    void shouldMaskOtherVolunteersPersonalDataForAVolunteer() throws Exception {
        try (Events events = new Events(bootstrap)) {
            events.baseHierarchy();
        }
        Caller other = new Caller(UUID.randomUUID().toString(), "masked-" + UUID.randomUUID().toString().substring(0, 6),
                Set.of(Roles.VOLUNTEER), List.of(COMMUNITY), null);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() ->
                volunteers.register(other, new RegisterRequest("张三丰", "13912345678", List.of("medical"), "weekends", COMMUNITY)) != null);
        UUID id = volunteers.mine(other).id();
        as("volunteer1").get("/api/cogovernance/volunteers/" + id).then().statusCode(200)
                .body("name", equalTo("张**")).body("phone", equalTo("139****5678")).body("masked", equalTo(true))
                .body("username", org.hamcrest.Matchers.nullValue());
        as("staff1").get("/api/cogovernance/volunteers/" + id).then().statusCode(200)
                .body("name", equalTo("张三丰")).body("phone", equalTo("13912345678")).body("masked", equalTo(false));
        as("staff1").get("/api/cogovernance/volunteers?size=500").then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.phone", equalTo("139****5678"))
                .body("items.find { it.id == '" + id + "' }.name", equalTo("张三丰"));
        as("staff2").get("/api/cogovernance/volunteers/" + id).then().statusCode(404);
        // staff1's one unmasked read is in the append-only access log
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT actor_username, fields FROM personal_data_access WHERE subject_kind = 'volunteer' AND subject_id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("staff1", rs.getString(1));
                assertEquals("phone", rs.getString(2));
                assertTrue(!rs.next(), "one audited read");
            }
            try (PreparedStatement d = c.prepareStatement("DELETE FROM personal_data_access WHERE subject_id = ?")) {
                d.setObject(1, id);
                org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class, d::executeUpdate);
            }
        }
        as("volunteer1").get("/api/cogovernance/volunteers?size=500").then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.phone", equalTo("139****5678"));
        as("resident1").get("/api/cogovernance/volunteers").then().statusCode(403);
    }

    private Caller volunteer(String home) {
        Caller v = new Caller(UUID.randomUUID().toString(), "v-" + UUID.randomUUID().toString().substring(0, 8),
                Set.of(Roles.VOLUNTEER), List.of(home), null);
        volunteers.register(v, new RegisterRequest("志愿者", "13700000000", List.of("driver"), "any time", home));
        return v;
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType("application/json");
    }
}
