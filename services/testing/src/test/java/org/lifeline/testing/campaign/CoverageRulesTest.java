package org.lifeline.testing.campaign;

import org.lifeline.testing.event.CoverageMilestoneReached;
import org.lifeline.testing.event.HomeSamplingRequested;
import org.lifeline.testing.event.Topics;
import org.lifeline.testing.service.CoverageMilestones;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.EventCollector;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;
import org.lifeline.servers.ResidentsEventsProducer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.servers.ResidentsEventsProducer.member;

/**
 * The campaign rules beyond buildings: coverage per grid (grids and households' grids come as residents'
 * events), bedridden persons sampled at home as door-to-door tasks, and coverage milestones announced once.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "testing"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class CoverageRulesTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    CoverageMilestones milestones;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldCountPerGridListHomeVisitsAndAnnounceMilestonesOnce() throws Exception {
        String suffix = Integer.toString(new Random().nextInt(1 << 30), 36);
        ResidentsEventsProducer.Compound place = ResidentsEventsProducer.Compound.inCommunity1("610113001001-G" + suffix);
        String compound = place.code();
        String unit = place.unit();
        String unitPath = place.unitPath();
        String gridA = "GA" + suffix;
        UUID h1 = UUID.randomUUID(); // grid A: a bedridden grandmother and her son
        UUID h2 = UUID.randomUUID(); // no grid yet: two adults
        UUID grandmother = UUID.randomUUID();
        UUID son = UUID.randomUUID();
        UUID c1 = UUID.randomUUID();
        UUID c2 = UUID.randomUUID();
        try (ResidentsEventsProducer events = new ResidentsEventsProducer(bootstrap)) {
            events.announce(place, "网格小区");
            events.grid(gridA, "610113001001", "第一网格", "网格员王");
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            events.householdInGrid(UUID.randomUUID(), h1, unit, "0101", unitPath, gridA, "normal", 1, now,
                    List.of(member(grandmother, "赵奶奶", "1935-03-03", "householder", "bedridden", "chronic-illness"),
                            member(son, "赵一", "1962-01-01", "child")));
            events.householdInGrid(UUID.randomUUID(), h2, unit, "0102", unitPath, null, "normal", 0, now,
                    List.of(member(c1, "钱一", "1980-01-01", "householder"), member(c2, "钱二", "1981-01-01", "spouse")));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                as("staff1").get("/api/testing/households/" + h2).then().statusCode(200));
        String campaign;
        try (EventCollector campaignEvents = new EventCollector(bootstrap, Topics.CAMPAIGN)) {
            campaign = as("staff1").body(Map.of("areaCode", compound, "title", "网格核酸",
                            "testDate", LocalDate.of(2022, 1, 8).toString(), "poolSize", 2))
                    .post("/api/testing/campaigns").then().statusCode(201)
                    .body("homeSampling", equalTo(true)).extract().path("id");
            // the household with a bedridden person is announced for home sampling (co-governance's task board),
            // with how many to sample and no names; the other household is not
            String sampling = campaignEvents.await(r -> r.value().contains(campaign), 1, Duration.ofSeconds(30)).get(0).value();
            assertTrue(sampling.contains(HomeSamplingRequested.TYPE.type()), sampling);
            assertTrue(sampling.contains("\"householdId\":\"" + h1 + "\""), sampling);
            assertTrue(sampling.contains("\"persons\":1"), sampling);
            assertTrue(sampling.contains("\"gridCode\":\"" + gridA + "\""), sampling);
            assertTrue(!sampling.contains("赵奶奶"), "no names in the event");
        }
        assertEquals(1, outboxRows(campaign));

        // four expected, one of them at home; grid A holds household 1, household 2 has no grid
        as("staff1").get("/api/testing/campaigns/" + campaign + "/coverage").then().statusCode(200)
                .body("total.expected", equalTo(4)).body("total.atHome", equalTo(1))
                .body("total.atHomeUntested", equalTo(1))
                .body("grids.size()", equalTo(2))
                .body("grids[0].gridCode", equalTo(gridA)).body("grids[0].gridName", equalTo("第一网格"))
                .body("grids[0].gridWorker", equalTo("网格员王")).body("grids[0].counts.expected", equalTo(2))
                .body("grids[1].gridCode", nullValue()).body("grids[1].counts.expected", equalTo(2));
        as("staff1").get("/api/testing/campaigns/" + campaign + "/untested?grid=" + gridA).then().statusCode(200)
                .body("totalItems", equalTo(2)).body("items[0].name", equalTo("赵奶奶"))
                .body("items[0].atHome", equalTo(true)).body("items[1].atHome", equalTo(false));
        as("staff1").get("/api/testing/campaigns/" + campaign + "/untested?grid=none").then().statusCode(200)
                .body("totalItems", equalTo(2));
        as("staff1").get("/api/testing/campaigns/" + campaign + "/untested?grid=bad'code").then().statusCode(400);
        as("staff1").get("/api/testing/campaigns/" + campaign + "/home-visits").then().statusCode(200)
                .body("totalItems", equalTo(1)).body("items[0].personId", equalTo(grandmother.toString()))
                .body("items[0].householdCode", equalTo(unit + "-0101")).body("items[0].gridCode", equalTo(gridA))
                .body("items[0].state", nullValue());
        as("staff1").get("/api/testing/campaigns/" + campaign + "/home-visits?status=later").then().statusCode(400);
        as("grid1").get("/api/testing/campaigns/" + campaign + "/home-visits").then().statusCode(404);

        // the door-to-door sample, and one at the site: 2 of 4 tested, the 50 % milestone once
        String home = "H" + suffix;
        as("staff1").body(Map.of("barcode", home, "kind", "pooled", "site", "上门采样"))
                .post("/api/testing/campaigns/" + campaign + "/tubes").then().statusCode(201);
        as("staff1").body(Map.of("personId", grandmother)).post("/api/testing/tubes/" + home + "/samples")
                .then().statusCode(201);
        assertTrue(milestones.checkNow().stream().noneMatch(m -> m.campaignId().toString().equals(campaign)),
                "1 of 4 is no milestone");
        as("staff1").body(Map.of("personId", c1)).post("/api/testing/tubes/" + home + "/samples").then().statusCode(201);
        List<CoverageMilestoneReached> reached = milestones.checkNow().stream()
                .filter(m -> m.campaignId().toString().equals(campaign)).toList();
        assertEquals(1, reached.size());
        assertEquals(50, reached.get(0).percent());
        assertEquals(4, reached.get(0).expected());
        assertEquals(2, reached.get(0).tested());
        assertTrue(milestones.checkNow().stream().noneMatch(m -> m.campaignId().toString().equals(campaign)),
                "announced once");

        as("staff1").get("/api/testing/campaigns/" + campaign + "/home-visits?status=done").then().statusCode(200)
                .body("totalItems", equalTo(1)).body("items[0].state", equalTo("sampled"))
                .body("items[0].tubeBarcode", equalTo(home));
        as("staff1").get("/api/testing/campaigns/" + campaign + "/home-visits").then().statusCode(200)
                .body("totalItems", equalTo(0));
        as("staff1").get("/api/testing/campaigns/" + campaign + "/coverage").then().statusCode(200)
                .body("total.tested", equalTo(2)).body("total.atHomeUntested", equalTo(0))
                .body("grids[0].counts.tested", equalTo(1)).body("grids[1].counts.tested", equalTo(1));

        // a campaign that does not sample at home: no tasks
        String noHome = as("staff1").body(Map.of("areaCode", compound, "title", "不上门", "testDate", "2022-01-09",
                        "homeSampling", false))
                .post("/api/testing/campaigns").then().statusCode(201).extract().path("id");
        as("staff1").get("/api/testing/campaigns/" + noHome + "/home-visits").then().statusCode(200)
                .body("totalItems", equalTo(0));
        assertEquals(0, outboxRows(noHome));
        as("staff1").get("/api/testing/campaigns/" + noHome + "/coverage").then().statusCode(200)
                .body("total.atHome", equalTo(0));
    }

    /** HomeSamplingRequested rows the campaign's transaction wrote to the outbox. */
    private long outboxRows(String campaign) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT count(*) FROM outbox "
                + "WHERE event_type = ? AND payload LIKE ?")) {
            s.setString(1, HomeSamplingRequested.TYPE.type());
            s.setString(2, "%" + campaign + "%");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType("application/json").header("Accept-Language", "en");
    }
}
