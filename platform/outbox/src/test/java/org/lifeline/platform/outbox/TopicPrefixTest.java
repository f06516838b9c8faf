package org.lifeline.platform.outbox;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.platform.PlatformDatabase;
import org.lifeline.platform.inbox.InboxConsumer;
import org.lifeline.platform.kafka.KafkaTopics;
import org.lifeline.servers.EventCollector;
import org.lifeline.servers.SharedServers;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two deployments on one broker, each with its own {@code lifeline.kafka.topic-prefix}, publish an event on the same
 * topic of the code with the same key: each one's consumer applies only its own deployment's event, and its handler,
 * inbox and the event's name in the code are the unprefixed topic. Without the prefix both events land in one
 * partition, the second deployment's first, and the first deployment's consumer would apply both.
 */
class TopicPrefixTest {

    static final String OWNER = "prefixtest";

    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String topic = "lifeline." + OWNER + ".t" + run + ".v1";
    final KafkaTopics a = KafkaTopics.of(Optional.of("a" + run + "."));
    final KafkaTopics b = KafkaTopics.of(Optional.of("b" + run + "."));
    PlatformDatabase dbA;
    PlatformDatabase dbB;
    OutboxRelay relayA;
    OutboxRelay relayB;
    InboxConsumer consumerA;
    InboxConsumer consumerB;
    final List<String> appliedA = new CopyOnWriteArrayList<>();
    final List<String> appliedB = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1), new NewTopic(a.onBroker(topic), 1, (short) 1),
                    new NewTopic(b.onBroker(topic), 1, (short) 1))).all().get();
        }
        dbA = new PlatformDatabase();
        dbB = new PlatformDatabase();
        relayA = relay(dbA, a);
        relayB = relay(dbB, b);
        consumerA = consumer(dbA, a, appliedA);
        consumerB = consumer(dbB, b, appliedB);
    }

    @AfterEach
    void stop() throws Exception {
        for (InboxConsumer c : new InboxConsumer[] { consumerA, consumerB }) {
            if (c != null) {
                c.close();
            }
        }
        for (OutboxRelay r : new OutboxRelay[] { relayA, relayB }) {
            if (r != null) {
                r.close(null);
            }
        }
        dbA.close();
        dbB.close();
    }

    @Test
    void shouldKeepEachDeploymentsEventsToItself() throws Exception {
        UUID fromB = row(dbB);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            relayB.poll();
            return published(dbB, fromB);
        });
        UUID fromA = row(dbA);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            relayA.poll();
            return published(dbA, fromA);
        });

        // on the broker under the deployment's prefix
        try (EventCollector onBroker = new EventCollector(SharedServers.kafkaBootstrap(), a.onBroker(topic))) {
            List<ConsumerRecord<String, String>> got = onBroker.await(r -> true, 1, Duration.ofSeconds(60));
            assertEquals(fromA.toString(), new String(got.get(0).headers().lastHeader("ce_id").value()));
        }
        // each consumer applied its own deployment's event only, named as in the code
        await().atMost(Duration.ofSeconds(60)).until(() -> appliedA.size() == 1 && appliedB.size() == 1);
        assertEquals(List.of(topic + " " + fromA), appliedA);
        assertEquals(List.of(topic + " " + fromB), appliedB);
        assertEquals(topic, inboxTopic(dbA, fromA));
        assertEquals(0, consumerA.parked() + consumerB.parked() + consumerA.rejected() + consumerB.rejected());
    }

    @Test
    void shouldTakeOnlyAPrefixThatReadsAsANamespace() {
        assertEquals("", KafkaTopics.of(Optional.empty()).prefix());
        assertEquals("", KafkaTopics.of(Optional.of(" ")).prefix());
        assertEquals("staging.lifeline.residents.household.v1",
                KafkaTopics.of(Optional.of("staging.")).onBroker("lifeline.residents.household.v1"));
        assertEquals("lifeline.residents.household.v1",
                KafkaTopics.of(Optional.of("staging.")).inCode("staging.lifeline.residents.household.v1"));
        for (String bad : List.of("staging", "Staging.", "a b.", "-x.", "x".repeat(41) + ".")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> KafkaTopics.of(Optional.of(bad)));
            assertTrue(e.getMessage().contains(KafkaTopics.PREFIX), e.getMessage());
        }
    }

    private InboxConsumer consumer(PlatformDatabase db, KafkaTopics topics, List<String> applied) {
        return new InboxConsumer("prefix-" + topics.prefix(), SharedServers.kafkaBootstrap(),
                "prefix-test-" + UUID.randomUUID(), db.dataSource(), Map.of(topic, (c, t, key, event) ->
                        applied.add(t + " " + event.path("id").asText())), new SimpleMeterRegistry(), topics).start();
    }

    private static OutboxRelay relay(PlatformDatabase db, KafkaTopics topics) throws Exception {
        OutboxRelay relay = new OutboxRelay();
        set(relay, "dataSource", db.dataSource());
        set(relay, "registry", new SimpleMeterRegistry());
        set(relay, "bootstrapServers", SharedServers.kafkaBootstrap());
        set(relay, "batchSize", 200);
        set(relay, "sendTimeout", Duration.ofSeconds(30));
        set(relay, "retention", Duration.ofDays(7));
        set(relay, "maxAttempts", 5);
        set(relay, "topics", topics);
        relay.init(null);
        return relay;
    }

    private UUID row(PlatformDatabase db) throws Exception {
        UUID id = UUID.randomUUID();
        String type = "org.lifeline." + OWNER + ".ThingHappened.v1";
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO outbox (event_id, topic, event_key, event_type, payload) VALUES (?, ?, 'same-key', ?, ?)")) {
            s.setObject(1, id);
            s.setString(2, topic);
            s.setString(3, type);
            s.setString(4, "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/lifeline/" + OWNER
                    + "\",\"type\":\"" + type + "\",\"data\":{}}");
            s.executeUpdate();
        }
        return id;
    }

    private static boolean published(PlatformDatabase db, UUID id) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT published_at IS NOT NULL FROM outbox WHERE event_id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static String inboxTopic(PlatformDatabase db, UUID id) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT topic FROM inbox WHERE event_id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), "no inbox row for " + id);
                return rs.getString(1);
            }
        }
    }

    private static void set(OutboxRelay relay, String field, Object value) throws Exception {
        Field f = OutboxRelay.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(relay, value);
    }
}
