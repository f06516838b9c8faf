package org.lifeline.faults;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.KafkaServer;
import org.lifeline.servers.ServerProcess;
import org.lifeline.servers.SharedServers;
import org.lifeline.servers.Tokens;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka (a broker of the test's own) killed while residents takes writes and testing consumes them,
 * then started again on the same data: every write during the outage is accepted (outbox), every
 * event reaches the topic once Kafka is back, and testing applies each exactly once (its inbox and
 * read model), also when the events are delivered again.
 */
class KafkaOutageFaultIT {

    private static final String TOPIC = "lifeline.residents.household.v1";
    private static final String GROUP = "faults-testing";

    @AfterAll
    static void stop() {
        Services.stopAll();
    }

    @Test
    void shouldDeliverEveryEventOnceKafkaIsBackAndApplyEachOnce() throws Exception {
        KafkaServer kafka = Services.privateKafka("kafka-outage");
        String residentsDb = Services.freshDatabase("faults_kafka_residents");
        String testingDb = Services.freshDatabase("faults_kafka_testing");
        int residentsPort = ServerProcess.freePort();
        int testingPort = ServerProcess.freePort();
        String url = "http://localhost:" + residentsPort;
        Services.start("services/residents", "kafka-outage-residents", residentsPort,
                Services.serviceEnv(residentsDb, SharedServers.keycloakUrl(), kafka.bootstrapServers()));
        Map<String, String> testingEnv = Services.serviceEnv(testingDb, SharedServers.keycloakUrl(), kafka.bootstrapServers());
        testingEnv.put("TESTING_RESIDENTS_EVENTS_GROUP_ID", GROUP);
        ServerProcess testing = Services.start("services/testing", "kafka-outage-testing", testingPort, testingEnv);
        String unit = Http.unitUnderCommunity1(url, Tokens.of("admin1"), "Q" + System.nanoTime() % 100000);

        // writers run through the whole outage
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
        AtomicInteger rooms = new AtomicInteger();
        AtomicBoolean kafkaDown = new AtomicBoolean();
        AtomicInteger acknowledgedWhileDown = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        // one sign-in for all writers: concurrent password grants of one user trip Keycloak's brute-force detection
        String staff1 = Tokens.of("staff1");
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            Thread t = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        Http.Answer a = Http.post(url + "/api/residents/households", staff1,
                                Map.of("unitCode", unit, "room", "K" + rooms.incrementAndGet()),
                                Map.of("Idempotency-Key", UUID.randomUUID().toString()), Duration.ofSeconds(15));
                        if (a.status() == 201) {
                            acknowledged.add(a.json().path("id").asText());
                            if (kafkaDown.get()) {
                                acknowledgedWhileDown.incrementAndGet();
                            }
                        } else {
                            refused.add(a.toString());
                        }
                        Thread.sleep(100);
                    }
                } catch (Throwable e) {
                    writerFailure.set(e);
                }
            }, "writer-" + w);
            t.start();
            writers.add(t);
        }
        // events flow, and testing applies them, before the outage
        await().atMost(Duration.ofSeconds(60)).until(() -> Services.count(testingDb,
                "SELECT count(*) FROM household_rm WHERE unit_code = ?", unit) >= 20);
        kafka.kill(); // a crash of the broker, under writes and consumption
        kafkaDown.set(true);
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledgedWhileDown.get() >= 40);
        long pendingDuringOutage = Services.count(residentsDb, "SELECT count(*) FROM outbox WHERE published_at IS NULL");
        assertTrue(pendingDuringOutage > 0, "events wait in the outbox while Kafka is down");
        kafka.startProcess(); // same port, same data
        kafkaDown.set(false);
        Thread.sleep(3000); // writes go on while the relay catches up
        stop.set(true);
        for (Thread t : writers) {
            t.join(30_000);
        }
        assertEquals(null, writerFailure.get());
        assertEquals(List.of(), List.copyOf(refused), "no write is refused because Kafka is down");

        // no event lost: all published, all on the topic
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() ->
                Services.count(residentsDb, "SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0);
        List<String> households = List.copyOf(acknowledged);
        List<String> eventIds = Services.column(residentsDb, "SELECT event_id::text FROM outbox WHERE topic = ?", TOPIC);
        assertEquals(households.size(), eventIds.size(), "one HouseholdChanged per acknowledged write");
        Map<String, Integer> onTopic = readTopic(kafka.bootstrapServers(), Set.copyOf(eventIds));
        assertEquals(Set.copyOf(eventIds), onTopic.keySet(), "every event reached the topic");
        long copiesOnTopic = onTopic.values().stream().mapToInt(Integer::intValue).sum();

        // testing applied each once
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() ->
                Services.count(testingDb, "SELECT count(*) FROM inbox WHERE event_id::text = ANY (?)", eventIds)
                        == eventIds.size());
        assertTrue(testing.isAlive());
        assertEquals(households.size(), Services.count(testingDb,
                "SELECT count(*) FROM household_rm WHERE unit_code = ?", unit));
        assertEquals(0, Services.count(testingDb, "SELECT count(*) FROM inbox_parked"));

        // delivered again (as after a relay retry or a consumer crash): nothing changes
        redeliver(kafka.bootstrapServers(), residentsDb);
        awaitConsumed(kafka.bootstrapServers());
        assertEquals(eventIds.size(), Services.count(testingDb, "SELECT count(*) FROM inbox WHERE event_id::text = ANY (?)", eventIds));
        assertEquals(households.size(), Services.count(testingDb,
                "SELECT count(*) FROM household_rm WHERE unit_code = ?", unit));
        assertEquals(0, Services.count(testingDb, "SELECT count(*) FROM inbox_parked"));

        System.out.printf("FAULT-RESULT kafka: writes acknowledged %d (%d while Kafka was down, none refused), outbox "
                        + "pending during the outage %d; after the restart: events %d, on the topic %d (copies %d, duplicates "
                        + "%d), applied by testing %d (inbox), households in its read model %d; all %d redelivered again: "
                        + "applied 0 more, parked 0%n", households.size(), acknowledgedWhileDown.get(), pendingDuringOutage,
                eventIds.size(), onTopic.size(), copiesOnTopic, copiesOnTopic - onTopic.size(), eventIds.size(),
                households.size(), eventIds.size());
    }

    /** Every record of the topic from the beginning, counted by CloudEvent id (only the wanted ids). */
    private static Map<String, Integer> readTopic(String bootstrap, Set<String> wanted) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "faults-check-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, Integer> seen = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Map<TopicPartition, Long> end = null;
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    String id = Http.JSON.readTree(r.value()).path("id").asText();
                    if (wanted.contains(id)) {
                        seen.merge(id, 1, Integer::sum);
                    }
                }
                if (!consumer.assignment().isEmpty()) {
                    if (end == null) {
                        end = consumer.endOffsets(consumer.assignment());
                    }
                    Map<TopicPartition, Long> target = end;
                    if (target.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                        break;
                    }
                }
            }
        }
        return seen;
    }

    /** Publishes every household event of the outbox again, with its own id (a redelivery). */
    private static void redeliver(String bootstrap, String residentsDb) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (String row : Services.column(residentsDb, "SELECT event_key || ' ' || payload FROM outbox WHERE topic = ?", TOPIC)) {
                String key = row.substring(0, row.indexOf(' '));
                JsonNode payload = Http.JSON.readTree(row.substring(row.indexOf(' ') + 1));
                producer.send(new ProducerRecord<>(TOPIC, key, payload.toString()));
            }
            producer.flush();
        }
    }

    /** Waits until testing's consumer group has committed the end of every partition of the topic. */
    private static void awaitConsumed(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get().entrySet().stream()
                        .filter(e -> e.getKey().topic().equals(TOPIC) && e.getValue() != null)
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions()
                        .forEach(p -> latest.put(new TopicPartition(TOPIC, p.partition()), OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                        || (committed.containsKey(e.getKey()) && committed.get(e.getKey()).offset() >= e.getValue().offset()));
            });
        }
    }
}
