package org.lifeline.platform.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.platform.PlatformDatabase;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.problem.ProblemType;
import org.lifeline.servers.SharedServers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deliberate parked events of the test suite (issue 19 item 4): over a real Kafka and PostgreSQL, an event
 * naming a place the service does not know yet and an event without any place are parked while the events around
 * them are applied; both are counted in {@code lifeline_inbox_parked{topic}} and listed newest first with their
 * reason, offset, key and payload; a replay of the still-bad one leaves it parked with the new reason, a replay after
 * the place is known applies it once and records who replayed it; a second replay, an unknown id, and a topic no
 * consumer runs for are refused as problems.
 */
class ParkedEventTest {

    static final String OWNER = "parkedtest";

    final ObjectMapper json = new ObjectMapper();
    final String topic = "lifeline." + OWNER + ".t" + UUID.randomUUID().toString().substring(0, 8) + ".v1";
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PlatformDatabase db;
    InboxConsumer consumer;

    @BeforeEach
    void start() throws Exception {
        db = new PlatformDatabase();
        db.execute("CREATE TABLE known_place (code text PRIMARY KEY)",
                "CREATE TABLE thing (event_id uuid PRIMARY KEY, place text NOT NULL REFERENCES known_place)",
                "INSERT INTO known_place VALUES ('A')");
        consumer = new InboxConsumer("parked-test", SharedServers.kafkaBootstrap(), "parked-test-" + UUID.randomUUID(),
                db.dataSource(), Map.of(topic, (c, t, key, event) -> {
                    String place = event.path("data").path("place").textValue();
                    if (place == null) {
                        throw new IllegalArgumentException("the event names no place");
                    }
                    if (!known(c).contains(place)) {
                        throw new IllegalStateException("unknown place " + place + "; known: " + known(c));
                    }
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO thing VALUES (?, ?)")) {
                        s.setObject(1, UUID.fromString(event.path("id").asText()));
                        s.setString(2, place);
                        s.executeUpdate();
                    }
                }), registry).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (consumer != null) {
            consumer.close();
        }
        db.close();
    }

    @Test
    void shouldParkListAndReplayByTheConsumersRules() throws Exception {
        List<Map<String, Object>> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer()) {
            // one key, so one partition: consumed in this order
            for (String place : new String[] {"A", "B", null, "A"}) {
                Map<String, Object> data = new LinkedHashMap<>();
                if (place != null) {
                    data.put("place", place);
                }
                Map<String, Object> event = event(data);
                sent.add(event);
                producer.send(new ProducerRecord<>(topic, "k1", json.writeValueAsString(event))).get();
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> consumer.applied() + consumer.parked() == 4);
        assertEquals(2, consumer.applied());
        assertEquals(2, consumer.parked());

        ParkedEvents parked = new ParkedEvents(db.dataSource(), registry, InboxConsumer::handlerFor);
        parked.refresh();
        assertEquals(2.0, gauge());

        PageView<ParkedEvents.Parked> page = parked.page(ParkedEvents.State.PARKED, topic, 0, 20);
        assertEquals(2, page.totalItems());
        ParkedEvents.Parked noPlace = page.items().get(0); // newest first
        ParkedEvents.Parked unknownPlace = page.items().get(1);
        assertTrue(noPlace.reason().contains("the event names no place"), noPlace.reason());
        assertTrue(unknownPlace.reason().contains("unknown place B; known: [A]"), unknownPlace.reason());
        assertEquals("k1", unknownPlace.key());
        assertEquals(topic, unknownPlace.topic());
        assertTrue(noPlace.offset() > unknownPlace.offset());
        assertEquals(sent.get(1).get("id"), json.readTree(unknownPlace.payload()).path("id").asText());
        assertNotNull(unknownPlace.parkedAt());
        assertEquals(1, parked.page(ParkedEvents.State.PARKED, topic, 1, 1).items().size());

        // still bad: stays parked, with the new reason
        db.execute("INSERT INTO known_place VALUES ('C')");
        ParkedEvents.Replay again = parked.replay(unknownPlace.id(), "admin1");
        assertEquals("refused", again.outcome());
        assertTrue(again.reason().contains("unknown place B; known: [A, C]"), again.reason());
        assertEquals(again.reason(), again.event().reason());
        assertEquals(1, again.event().replays());
        assertNull(again.event().replayedAt());
        assertEquals(2, parked.page(ParkedEvents.State.PARKED, topic, 0, 20).totalItems());
        assertEquals(0, count("SELECT count(*) FROM thing WHERE place = 'B'"));

        // the cause fixed: applied once, by the same rules (the inbox has its id), and recorded as replayed
        db.execute("INSERT INTO known_place VALUES ('B')");
        ParkedEvents.Replay applied = parked.replay(unknownPlace.id(), "admin1");
        assertEquals("applied", applied.outcome());
        assertNull(applied.reason());
        assertEquals("admin1", applied.event().replayedBy());
        assertNotNull(applied.event().replayedAt());
        assertEquals(2, applied.event().replays());
        assertEquals(1, count("SELECT count(*) FROM thing WHERE place = 'B'"));
        assertEquals(1, count("SELECT count(*) FROM inbox WHERE event_id = '" + sent.get(1).get("id") + "'"));
        assertEquals(1.0, gauge());
        assertEquals(List.of(noPlace.id()), parked.page(ParkedEvents.State.PARKED, topic, 0, 20).items().stream()
                .map(ParkedEvents.Parked::id).toList());
        assertEquals(List.of(unknownPlace.id()), parked.page(ParkedEvents.State.REPLAYED, topic, 0, 20).items().stream()
                .map(ParkedEvents.Parked::id).toList());

        ProblemException twice = assertThrows(ProblemException.class, () -> parked.replay(unknownPlace.id(), "admin1"));
        assertEquals(ProblemType.CONFLICT, twice.type());
        assertEquals(ProblemType.NOT_FOUND, assertThrows(ProblemException.class,
                () -> parked.replay(Long.MAX_VALUE, "admin1")).type());
        assertEquals(ProblemType.VALIDATION, assertThrows(ProblemException.class,
                () -> parked.page(ParkedEvents.State.PARKED, null, 0, 101)).type());

        // an event applied already (its id in the inbox) is not applied twice: the parked copy is closed as a duplicate
        long copy;
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO inbox_parked (topic, partition_no, record_offset, event_key, payload, reason) "
                        + "VALUES (?, 0, 0, 'k1', ?, 'test') RETURNING id")) {
            s.setString(1, topic);
            s.setString(2, json.writeValueAsString(sent.get(0)));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                copy = rs.getLong(1);
            }
        }
        assertEquals("duplicate", parked.replay(copy, "admin1").outcome());
        assertEquals(1, count("SELECT count(*) FROM thing WHERE event_id = '" + sent.get(0).get("id") + "'"));

        // no consumer of the topic runs here any more: nothing to hand it to
        consumer.close();
        consumer = null;
        assertEquals(ProblemType.CONFLICT, assertThrows(ProblemException.class,
                () -> parked.replay(noPlace.id(), "admin1")).type());
    }

    private double gauge() {
        return registry.get("lifeline.inbox.parked").tag("topic", topic).gauge().value();
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> known(Connection c) throws java.sql.SQLException {
        List<String> codes = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT code FROM known_place ORDER BY code");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                codes.add(rs.getString(1));
            }
        }
        return codes;
    }

    private static Map<String, Object> event(Map<String, Object> data) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", UUID.randomUUID().toString());
        event.put("source", "/lifeline/" + OWNER);
        event.put("type", "org.lifeline." + OWNER + ".ThingHappened.v1");
        event.put("time", java.time.OffsetDateTime.now().toString());
        event.put("data", data);
        return event;
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
