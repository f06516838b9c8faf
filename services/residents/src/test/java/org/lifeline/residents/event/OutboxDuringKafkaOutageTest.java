package org.lifeline.residents.event;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.EventCollector;
import org.lifeline.residents.support.Fixture;
import org.lifeline.servers.KafkaOutage;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.PrivateKafkaResource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write accepted while Kafka is down is kept in the outbox and published once Kafka is back
 * (ARCHITECTURE.md rule 7). The broker here is the test's own, killed and restarted for real.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = {
        @ResourceArg(name = "database", value = "residents"),
        @ResourceArg(name = "servers", value = "postgres,keycloak") }, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = PrivateKafkaResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OutboxDuringKafkaOutageTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    static String unit;

    @BeforeEach
    void places() {
        if (unit != null) {
            return;
        }
        Fixture.baseHierarchy();
        unit = Fixture.freshUnit(Fixture.COMMUNITY_1);
    }

    @Test
    void shouldPublishEventWrittenWhileKafkaWasDownOnceItIsBack() throws Exception {
        KafkaOutage.stop();
        UUID id = Fixture.household("staff1", unit, "0101", List.of(
                Fixture.person("何晨", LocalDate.of(1999, 9, 9), "householder")));

        // accepted and committed, waiting in the outbox while the relay keeps failing
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> unpublished(id) == 1);

        KafkaOutage.start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> unpublished(id) == 0);
        try (EventCollector events = new EventCollector(KafkaOutage.bootstrapServers(), HouseholdChanged.TOPIC)) {
            List<ConsumerRecord<String, String>> mine = events.await(r -> id.toString().equals(r.key()), 1,
                    Duration.ofSeconds(60));
            assertTrue(mine.size() >= 1, "the event arrived");
            assertTrue(mine.get(0).value().contains("\"change\":\"registered\""));
            // delivery is at least once: a send that timed out during the outage may arrive too,
            // but always as the same event (same CloudEvent id), which consumers deduplicate
            assertEquals(Set.of(eventId(id)), mine.stream()
                    .map(r -> new String(r.headers().lastHeader("ce_id").value())).collect(Collectors.toSet()));
        }
    }

    private String eventId(UUID household) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                PreparedStatement s = c.prepareStatement("SELECT event_id FROM outbox WHERE event_key = ?")) {
            s.setString(1, household.toString());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                String id = rs.getString(1);
                assertFalse(rs.next(), "one event for one registration");
                return id;
            }
        }
    }

    private long unpublished(UUID household) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                PreparedStatement s = c.prepareStatement(
                        "SELECT count(*) FROM outbox WHERE event_key = ? AND published_at IS NULL")) {
            s.setString(1, household.toString());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
