package org.lifeline.platform.outbox;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.platform.PlatformDatabase;
import org.lifeline.platform.api.PageView;
import org.lifeline.servers.EventCollector;
import org.lifeline.servers.SharedServers;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox's dead-letter path (issue 19 item 4), with a real Kafka and PostgreSQL: a row Kafka refuses for good
 * (larger than the producer's max.request.size) between two good rows of the same key. The good ones are published
 * in order; the poison one is set aside after lifeline.outbox.max-attempts polls, counted and listed; queued again it
 * is tried again and set aside again. An outage (a timeout) is never taken for poison.
 */
class OutboxDeadLetterTest {

    static final int MAX_ATTEMPTS = 3;

    final String topic = "lifeline.deadtest.t" + UUID.randomUUID().toString().substring(0, 8) + ".v1";
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PlatformDatabase db;
    OutboxRelay relay;

    @BeforeEach
    void start() throws Exception {
        db = new PlatformDatabase();
        relay = new OutboxRelay();
        set("dataSource", db.dataSource());
        set("registry", registry);
        set("bootstrapServers", SharedServers.kafkaBootstrap());
        set("batchSize", 200);
        set("sendTimeout", Duration.ofSeconds(30));
        set("retention", Duration.ofDays(7));
        set("maxAttempts", MAX_ATTEMPTS); // lifeline.outbox.max-attempts
        relay.init(null);
    }

    @AfterEach
    void stop() throws Exception {
        relay.close(null);
        db.close();
    }

    @Test
    void shouldPublishTheRowsAroundAPoisonRowAndSetItAsideAfterMaxAttempts() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        UUID first = row("{\"n\":1}");
        UUID poison = row("{\"n\":2,\"pad\":\"" + "x".repeat(1_200_000) + "\"}"); // > max.request.size (1 MB)
        UUID last = row("{\"n\":3}");

        // a poll tries the poison row once (the first may only wait for the new topic's metadata)
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            relay.poll();
            return deadLetteredAt(poison) != null;
        });
        assertEquals(MAX_ATTEMPTS, attempts(poison), "set aside after " + MAX_ATTEMPTS + " attempts");
        assertTrue(lastError(poison).contains(RecordTooLargeException.class.getSimpleName()), lastError(poison));
        assertNotNull(publishedAt(first));
        assertNotNull(publishedAt(last), "the row after the poison one is published");
        assertNull(publishedAt(poison));
        assertEquals(1.0, registry.get("lifeline.outbox.dead.lettered").counter().count());
        assertEquals(1.0, registry.get("lifeline.outbox.dead.letters").gauge().value());
        assertEquals(0.0, registry.get("lifeline.outbox.pending").gauge().value());
        try (EventCollector events = new EventCollector(SharedServers.kafkaBootstrap(), topic)) {
            List<ConsumerRecord<String, String>> got = events.await(r -> true, 2, Duration.ofSeconds(60));
            assertEquals(List.of(first.toString(), last.toString()), got.stream()
                    .map(r -> new String(r.headers().lastHeader("ce_id").value())).toList());
        }

        DeadLetters deadLetters = new DeadLetters(db.dataSource());
        PageView<DeadLetters.DeadLetter> page = deadLetters.page(0, 20);
        assertEquals(1, page.totalItems());
        assertEquals(poison.toString(), page.items().get(0).eventId());
        assertEquals(MAX_ATTEMPTS, page.items().get(0).attempts());

        // queued again: tried again from zero, still too large, set aside again; nothing else is held back
        DeadLetters.DeadLetter queued = deadLetters.requeue(page.items().get(0).seq(), "admin1");
        assertEquals(0, queued.attempts());
        assertNull(queued.deadLetteredAt());
        relay.poll();
        assertEquals(1, attempts(poison));
        assertNull(deadLetteredAt(poison));
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            relay.poll();
            return deadLetteredAt(poison) != null;
        });
        assertEquals(MAX_ATTEMPTS, attempts(poison));
        assertEquals(2.0, registry.get("lifeline.outbox.dead.lettered").counter().count());
    }

    @Test
    void shouldTakeOnlyARefusalForGoodForPoison() {
        assertTrue(OutboxRelay.isPoison(new RecordTooLargeException("too large")));
        assertTrue(OutboxRelay.isPoison(new java.util.concurrent.ExecutionException(
                new org.apache.kafka.common.errors.SerializationException("bad"))));
        assertFalse(OutboxRelay.isPoison(new TimeoutException("Kafka down")));
        assertFalse(OutboxRelay.isPoison(new org.apache.kafka.common.errors.TopicAuthorizationException("acl")));
        assertFalse(OutboxRelay.isPoison(null));
    }

    private UUID row(String data) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO outbox (event_id, topic, event_key, event_type, payload) VALUES (?, ?, 'k1', ?, ?)")) {
            s.setObject(1, id);
            s.setString(2, topic);
            s.setString(3, "org.lifeline.deadtest.Thing.v1");
            s.setString(4, "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"data\":" + data + "}");
            s.executeUpdate();
        }
        return id;
    }

    private Object column(UUID id, String column) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT " + column + " FROM outbox WHERE event_id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getObject(1);
            }
        }
    }

    private int attempts(UUID id) throws Exception {
        return (Integer) column(id, "attempts");
    }

    private Object deadLetteredAt(UUID id) throws Exception {
        return column(id, "dead_lettered_at");
    }

    private Object publishedAt(UUID id) throws Exception {
        return column(id, "published_at");
    }

    private String lastError(UUID id) throws Exception {
        return (String) column(id, "last_error");
    }

    /** The relay's configuration, as Quarkus would inject it (by name, so this test also runs against older code). */
    private void set(String field, Object value) throws Exception {
        Field f = OutboxRelay.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(relay, value);
    }
}
