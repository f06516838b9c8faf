package org.lifeline.platform.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;
import org.lifeline.platform.kafka.KafkaSecurity;
import org.lifeline.platform.kafka.KafkaTopics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies events from Kafka to a service's database, each exactly once in effect: every record is
 * applied in its own transaction together with its id in the {@link Inbox}, and offsets are committed
 * only after the transactions, so a crash or rebalance redelivers and the inbox skips what was done.
 * An event its handler refuses (malformed, or a bug) is parked in {@code inbox_parked} with the
 * reason and the consumer goes on; a database outage stops the consumer at that record and it
 * retries the same record until the database is back; a Kafka outage (a commit that times out) is
 * logged and retried, never ends the consumer. One thread per consumer.
 *
 * <p>Only a topic's owner is believed ({@link TopicOwner}): an event on {@code lifeline.<service>.<aggregate>.v1} whose
 * CloudEvents {@code source} is not {@code /lifeline/<service>}, or whose {@code type} is not
 * {@code org.lifeline.<service>.*}, is dropped before its handler sees it: not applied, not parked, not recorded in the
 * inbox, counted in {@code lifeline_inbox_rejected_total{topic,reason}} and logged at WARN (issue 18 item 10). The
 * client authenticates as the service's Kafka user when {@link KafkaSecurity} has one.
 *
 * <p>A parked event is logged at WARN (it is an alert, not a crash: the consumer goes on), counted in
 * {@code lifeline_inbox_parked{topic}} and listed by the admin API, which replays it by these same rules
 * ({@link ParkedEvents}): while a consumer runs, its handlers are the ones a replay in this process uses
 * ({@link #handlerFor}). The table {@code inbox_parked} is the platform's ({@code db/platform}).
 */
public final class InboxConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InboxConsumer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final AgroalDataSource dataSource;
    private final Map<String, EventHandler> handlers;
    private final KafkaTopics topics;
    private final Thread thread;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final MeterRegistry registry;
    private volatile boolean running = true;

    /**
     * @param handlers by topic
     */
    public InboxConsumer(String name, String bootstrapServers, String groupId, AgroalDataSource dataSource,
            Map<String, EventHandler> handlers) {
        this(name, bootstrapServers, groupId, dataSource, handlers, Metrics.globalRegistry);
    }

    /**
     * @param handlers by topic, each named {@code lifeline.<owner>.<aggregate>.v<n>}
     * @param registry where {@code lifeline.inbox.rejected} is counted (Quarkus adds its registry to the global one)
     */
    public InboxConsumer(String name, String bootstrapServers, String groupId, AgroalDataSource dataSource,
            Map<String, EventHandler> handlers, MeterRegistry registry) {
        this(name, bootstrapServers, groupId, dataSource, handlers, registry, KafkaTopics.configured());
    }

    /**
     * @param topics the names of the handlers' topics on the broker ({@link KafkaTopics}): subscribed with the
     *               prefix, handed to the handlers, the inbox and the parked events without it
     */
    public InboxConsumer(String name, String bootstrapServers, String groupId, AgroalDataSource dataSource,
            Map<String, EventHandler> handlers, MeterRegistry registry, KafkaTopics topics) {
        this.topics = topics;
        for (String topic : handlers.keySet()) {
            if (TopicOwner.of(topic).isEmpty()) {
                throw new IllegalArgumentException(topic + " is not named lifeline.<owner>.<aggregate>.v<n>: "
                        + "its events could not be checked against an owner");
            }
        }
        this.registry = registry;
        Properties props = KafkaSecurity.apply(new Properties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
        this.dataSource = dataSource;
        this.handlers = Map.copyOf(handlers);
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public InboxConsumer start() {
        consumer.subscribe(handlers.keySet().stream().map(topics::onBroker).toList());
        handlers.forEach((topic, handler) -> RUNNING.put(topic, handler));
        thread.start();
        return this;
    }

    /** The handlers of the consumers running in this process, by topic: what a replay hands a parked event to. */
    private static final Map<String, EventHandler> RUNNING = new java.util.concurrent.ConcurrentHashMap<>();

    /** The handler a running consumer of this process applies the topic's events with; empty if none consumes it. */
    public static Optional<EventHandler> handlerFor(String topic) {
        return Optional.ofNullable(topic == null ? null : RUNNING.get(topic));
    }

    /** The topics the consumers running in this process consume. */
    public static java.util.Set<String> consumedTopics() {
        return java.util.Set.copyOf(RUNNING.keySet());
    }

    /** What became of an event handed to its handler by {@link #handle}. */
    public enum Outcome {
        /** The handler applied it; its id is in the inbox. */
        APPLIED,
        /** Its id was in the inbox already: applied before, nothing done. */
        DUPLICATE,
        /** The handler (or the event's shape) refused it: nothing applied; {@link Handled#reason()} says why. */
        REFUSED
    }

    /** The outcome of {@link #handle} and, when refused, why. */
    public record Handled(Outcome outcome, String reason) {
    }

    /** Work done in the transaction that applies an event (for a replay: marking the parked row). */
    @FunctionalInterface
    public interface InTransaction {
        void run(Connection connection) throws SQLException;
    }

    /**
     * Applies one event that passed the owner's check, by the consumer's rules: in one transaction, its id recorded in
     * the {@link Inbox} (a second delivery is a {@link Outcome#DUPLICATE}), then its handler; a handler's exception,
     * or an SQL data or constraint error, rolls it back and refuses the event. {@code alsoWhenDone} runs in the same
     * transaction when the event was applied or was a duplicate.
     *
     * @throws SQLException when the database is unavailable: nothing was applied, try again later
     */
    public static Handled handle(javax.sql.DataSource dataSource, EventHandler handler, String topic, String key,
            JsonNode event, InTransaction alsoWhenDone) throws SQLException {
        UUID id;
        try {
            id = UUID.fromString(event.path("id").asText());
        } catch (Exception e) {
            return new Handled(Outcome.REFUSED, "not a CloudEvent with a UUID id: " + e.getMessage());
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!Inbox.firstDelivery(c, id, topic)) {
                    c.rollback();
                    c.setAutoCommit(true);
                    alsoWhenDone.run(c);
                    return new Handled(Outcome.DUPLICATE, null);
                }
                handler.apply(c, topic, key, event);
                alsoWhenDone.run(c);
                c.commit();
                return new Handled(Outcome.APPLIED, null);
            } catch (SQLException e) {
                c.rollback();
                if (isDataError(e)) {
                    return new Handled(Outcome.REFUSED, e.getMessage());
                }
                throw e;
            } catch (Exception e) {
                c.rollback();
                return new Handled(Outcome.REFUSED, e.toString());
            }
        }
    }

    /** Events applied, skipped as redeliveries, and parked, since start. */
    public long applied() {
        return applied.get();
    }

    public long skipped() {
        return skipped.get();
    }

    public long parked() {
        return parked.get();
    }

    /** Events dropped since start because their source or type was not the topic owner's. */
    public long rejected() {
        return rejected.get();
    }

    private void run() {
        try {
            while (running) {
                try {
                    pollOnce();
                } catch (WakeupException e) {
                    throw e;
                } catch (org.apache.kafka.common.KafkaException e) {
                    // Kafka unreachable (a commit timed out) or the group rebalancing: what was applied is in
                    // the inbox, so its redelivery is skipped; go on consuming once Kafka answers again
                    LOG.warnf("%s: %s; retrying", thread.getName(), e.toString());
                    sleep(1000);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s stopped", thread.getName());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** One poll: applies the records (each in its transaction with the inbox) and commits their offsets. */
    private void pollOnce() {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
        if (records.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            // from here on the topic's name in the code: the handlers', the inbox's and the parked events'
            List<ConsumerRecord<String, String>> inCode = new java.util.ArrayList<>();
            for (ConsumerRecord<String, String> onBroker : records.records(tp)) {
                inCode.add(new ConsumerRecord<>(topics.inCode(onBroker.topic()), onBroker.partition(), onBroker.offset(),
                        onBroker.key(), onBroker.value()));
            }
            if (inCode.size() > 1 && handlers.get(inCode.get(0).topic()) instanceof BatchEventHandler batch) {
                Boolean done = applyBatch(batch, inCode);
                if (done == null) {
                    consumer.seek(tp, inCode.get(0).offset()); // the database did not take it: read them again
                    continue;
                }
                if (done) {
                    commit.put(tp, new OffsetAndMetadata(inCode.get(inCode.size() - 1).offset() + 1));
                    continue;
                }
                // refused as a batch: one by one below, so that only the bad ones are parked
            }
            for (ConsumerRecord<String, String> record : inCode) {
                if (!applyWithRetry(record)) {
                    // the database did not take it: read this partition again from this record
                    consumer.seek(tp, record.offset());
                    break;
                }
                commit.put(tp, new OffsetAndMetadata(record.offset() + 1));
            }
        }
        if (!commit.isEmpty()) {
            consumer.commitSync(commit);
        }
    }

    /**
     * A partition's records of one poll for a {@link BatchEventHandler}: those from someone else than the topic's owner
     * dropped, the others' ids recorded in the inbox and the first deliveries handed over, all in one transaction.
     *
     * @return true when done; false when the handler (or an event's shape) refused the batch, nothing applied (the
     *         caller goes one by one); null when the database failed (read them again)
     */
    private Boolean applyBatch(BatchEventHandler handler, List<ConsumerRecord<String, String>> records) {
        String topic = records.get(0).topic();
        List<BatchEventHandler.Keyed> events = new java.util.ArrayList<>(records.size());
        List<UUID> ids = new java.util.ArrayList<>(records.size());
        List<Runnable> rejections = new java.util.ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            JsonNode event;
            try {
                event = record.value() == null ? null : JSON.readTree(record.value());
            } catch (Exception e) {
                event = null;
            }
            Optional<TopicOwner.Rejection> rejection = TopicOwner.check(topic, event);
            if (rejection.isPresent()) {
                JsonNode rejected = event;
                rejections.add(() -> reject(record, rejected, rejection.get()));
                continue;
            }
            try {
                ids.add(UUID.fromString(event.path("id").asText()));
            } catch (IllegalArgumentException e) {
                return false; // not a CloudEvent with a UUID id: parked on the way one by one
            }
            events.add(new BatchEventHandler.Keyed(record.key(), event));
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                java.util.Set<UUID> fresh = Inbox.firstDeliveries(c, ids, topic);
                List<BatchEventHandler.Keyed> first = new java.util.ArrayList<>(fresh.size());
                for (int i = 0; i < events.size(); i++) {
                    if (fresh.remove(ids.get(i))) { // a record delivered twice in the batch counts once
                        first.add(events.get(i));
                    }
                }
                if (!first.isEmpty()) {
                    handler.applyAll(c, topic, first);
                }
                c.commit();
                applied.addAndGet(first.size());
                skipped.addAndGet(events.size() - first.size());
                rejections.forEach(Runnable::run);
                return true;
            } catch (SQLException e) {
                c.rollback();
                if (isDataError(e)) {
                    return false;
                }
                throw e;
            } catch (Exception e) {
                c.rollback();
                return false;
            }
        } catch (SQLException e) {
            LOG.warnf("%s: database unavailable at %s-%d@%d (%s); retrying", thread.getName(), topic,
                    records.get(0).partition(), records.get(0).offset(), e.getMessage());
            sleep(1000);
            return null;
        }
    }

    /** @return true when the record was applied, skipped or parked; false when the database failed */
    private boolean applyWithRetry(ConsumerRecord<String, String> record) {
        JsonNode event;
        try {
            event = record.value() == null ? null : JSON.readTree(record.value());
        } catch (Exception e) {
            event = null;
        }
        Optional<TopicOwner.Rejection> rejection = TopicOwner.check(record.topic(), event);
        if (rejection.isPresent()) {
            reject(record, event, rejection.get());
            return true;
        }
        try {
            Handled handled = handle(dataSource, handlers.get(record.topic()), record.topic(), record.key(), event, c -> {
            });
            switch (handled.outcome()) {
                case APPLIED -> applied.incrementAndGet();
                case DUPLICATE -> skipped.incrementAndGet();
                case REFUSED -> {
                    return park(record, handled.reason());
                }
            }
            return true;
        } catch (SQLException e) {
            LOG.warnf("%s: database unavailable at %s-%d@%d (%s); retrying", thread.getName(), record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            sleep(1000);
            return false;
        }
    }

    /** Drops an event the topic's owner did not publish: counted and logged, never applied nor parked. */
    private void reject(ConsumerRecord<String, String> record, JsonNode event, TopicOwner.Rejection rejection) {
        rejected.incrementAndGet();
        Counter.builder("lifeline.inbox.rejected")
                .description("Events dropped because their CloudEvents source or type is not the topic owner's")
                .tag("topic", record.topic()).tag("reason", rejection.tag)
                .register(registry).increment();
        String source = event == null ? null : event.path("source").asText(null);
        String type = event == null ? null : event.path("type").asText(null);
        String expected = TopicOwner.of(record.topic()).map(o -> o.source() + " / " + o.typePrefix() + "*").orElse("none");
        LOG.warnf("%s: dropped %s-%d@%d: %s not the topic owner's (source %s, type %s; expected %s)", thread.getName(),
                record.topic(), record.partition(), record.offset(), rejection.tag, clip(source), clip(type), expected);
    }

    private static String clip(String value) {
        if (value == null) {
            return null;
        }
        String clean = value.replaceAll("\\p{Cntrl}", "?"); // no forged log lines
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
    }

    /** SQL state class 22 (data exception) and 23 (integrity constraint): the event, not the database. */
    static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private boolean park(ConsumerRecord<String, String> record, String reason) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO inbox_parked (topic, partition_no, record_offset, event_key, payload, reason) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, record.topic());
            s.setInt(2, record.partition());
            s.setLong(3, record.offset());
            s.setString(4, record.key());
            s.setString(5, record.value() == null ? "" : record.value());
            s.setString(6, reason.length() > 2000 ? reason.substring(0, 2000) : reason);
            s.executeUpdate();
            parked.incrementAndGet();
            LOG.warnf("%s: parked %s-%d@%d: %s", thread.getName(), record.topic(), record.partition(), record.offset(),
                    reason);
            return true;
        } catch (SQLException e) {
            LOG.warnf("%s: cannot park %s-%d@%d (%s); retrying", thread.getName(), record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            sleep(1000);
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        handlers.forEach(RUNNING::remove);
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
