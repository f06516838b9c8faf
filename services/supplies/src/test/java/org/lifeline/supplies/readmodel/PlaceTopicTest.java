package org.lifeline.supplies.readmodel;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.ResidentsEventsProducer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A GridCreated on {@code lifeline.residents.place.v1} (where residents published grids before they had
 * {@code lifeline.residents.grid.v1}): supplies keeps places and no grids, so it is passed over, not parked as a place
 * without a path, and the places after it still arrive.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "supplies"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class PlaceTopicTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldPassOverAGridOnThePlaceTopicAndKeepReadingPlaces() throws Exception {
        String suffix = Long.toString(System.nanoTime() % 1_000_000);
        String grid = "610113001001-G" + suffix;
        String community = "6101130019" + String.format("%02d", (int) (System.nanoTime() % 100));
        try (ResidentsEventsProducer events = new ResidentsEventsProducer(bootstrap)) {
            // as residents published grids before they had their own topic
            events.send(ResidentsEventsProducer.PLACE_TOPIC, grid, "org.lifeline.residents.GridCreated.v1", UUID.randomUUID(),
                    OffsetDateTime.now(ZoneOffset.UTC), Map.of("code", grid, "communityCode", "610113001001",
                            "name", "第" + suffix + "网格", "gridWorker", "grid1"));
            events.place(community, "测试社区" + suffix, "community", "610113001", "/6101/610113/610113001/" + community + "/");
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                count("SELECT count(*) FROM place_rm WHERE code = ? AND name = ?", community, "测试社区" + suffix) == 1);
        assertEquals(0, count("SELECT count(*) FROM inbox_parked WHERE topic = 'lifeline.residents.place.v1' AND event_key = ?", grid),
                "the grid is not parked");
        assertEquals(0, count("SELECT count(*) FROM place_rm WHERE code = ?", grid), "nor kept as a place");
    }

    private long count(String sql, String... values) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setString(i + 1, values[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
