package org.lifeline.platform.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.platform.PlatformDatabase;
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
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@link BatchEventHandler} over a real Kafka and PostgreSQL: the records a poll brings are handed over together,
 * in one transaction with their inbox rows, a redelivered one and one from someone else than the topic's owner left
 * out; a batch the handler refuses is applied one event at a time, so that only the bad event is parked.
 */
class BatchEventHandlerTest {

    static final String OWNER = "batchtest";

    final ObjectMapper json = new ObjectMapper();
    final String topic = "lifeline." + OWNER + ".t" + UUID.randomUUID().toString().substring(0, 8) + ".v1";
    final String group = "batch-test-" + UUID.randomUUID();
    final List<Integer> calls = new CopyOnWriteArrayList<>();
    PlatformDatabase db;
    InboxConsumer consumer;

    @BeforeEach
    void start() throws Exception {
        db = new PlatformDatabase();
        db.execute("CREATE TABLE known_place (code text PRIMARY KEY)",
                "CREATE TABLE thing (event_id uuid PRIMARY KEY, place text NOT NULL REFERENCES known_place)",
                "INSERT INTO known_place VALUES ('A')");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (consumer != null) {
            consumer.close();
        }
        db.close();
    }

    @Test
    void shouldHandAPollsRecordsOverTogetherAndFallBackToOneByOne() throws Exception {
        // published before the consumer starts, so that its first poll brings them all
        Map<String, Object> a1 = event("/lifeline/" + OWNER, "A");
        publish(a1, event("/lifeline/" + OWNER, "A"), a1, event("/lifeline/intruder", "A"), event("/lifeline/" + OWNER, "A"));
        consumer = consumer();
        await().atMost(Duration.ofSeconds(60)).until(() -> consumer.applied() + consumer.skipped() + consumer.rejected() == 5);
        assertEquals(List.of(3), calls, "one call with the three first deliveries");
        assertEquals(3, consumer.applied());
        assertEquals(1, consumer.skipped());
        assertEquals(1, consumer.rejected());
        assertEquals(3, count("SELECT count(*) FROM thing"));
        assertEquals(3, count("SELECT count(*) FROM inbox"));
        consumer.close();

        // a batch with an event the handler refuses: nothing of it applied as a batch, then one by one
        calls.clear();
        Map<String, Object> bad = event("/lifeline/" + OWNER, "B");
        publish(event("/lifeline/" + OWNER, "A"), bad, event("/lifeline/" + OWNER, "A"));
        consumer = consumer();
        await().atMost(Duration.ofSeconds(60)).until(() -> consumer.applied() + consumer.parked() == 3);
        assertEquals(List.of(3, 1, 1, 1), calls);
        assertEquals(2, consumer.applied());
        assertEquals(1, consumer.parked());
        assertEquals(5, count("SELECT count(*) FROM thing"));
        assertEquals(0, count("SELECT count(*) FROM inbox WHERE event_id = '" + bad.get("id") + "'"));
        assertEquals(1, count("SELECT count(*) FROM inbox_parked WHERE payload LIKE '%" + bad.get("id") + "%'"));
    }

    private InboxConsumer consumer() {
        BatchEventHandler handler = (c, t, events) -> {
            calls.add(events.size());
            List<UUID> ids = new ArrayList<>();
            List<String> places = new ArrayList<>();
            for (BatchEventHandler.Keyed e : events) {
                ids.add(UUID.fromString(e.event().path("id").asText()));
                places.add(e.event().path("data").path("place").asText());
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO thing SELECT * FROM unnest(?::uuid[], ?::text[])")) {
                s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
                s.setArray(2, c.createArrayOf("text", places.toArray()));
                s.executeUpdate(); // an unknown place breaks the foreign key: the batch is refused
            }
        };
        return new InboxConsumer("batch-test", SharedServers.kafkaBootstrap(), group, db.dataSource(), Map.of(topic, handler),
                new SimpleMeterRegistry()).start();
    }

    @SafeVarargs
    private void publish(Map<String, Object>... events) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (Map<String, Object> e : events) {
                producer.send(new ProducerRecord<>(topic, "k1", json.writeValueAsString(e))).get();
            }
        }
    }

    private static Map<String, Object> event(String source, String place) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", UUID.randomUUID().toString());
        event.put("source", source);
        event.put("type", "org.lifeline." + OWNER + ".ThingHappened.v1");
        event.put("time", java.time.OffsetDateTime.now().toString());
        event.put("data", Map.of("place", place));
        return event;
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }
}
