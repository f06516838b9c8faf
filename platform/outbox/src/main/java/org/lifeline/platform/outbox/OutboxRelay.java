package org.lifeline.platform.outbox;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.lifeline.platform.kafka.KafkaTopics;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the service's outbox to Kafka (ARCHITECTURE.md rule 2 and 7).
 *
 * <p>A service writes each domain event as a row of its {@code outbox} table in the same transaction
 * as the change (see {@code docs/events.md} for the table). This relay, every
 * {@code lifeline.outbox.poll-interval}, takes the oldest unpublished rows; with several replicas
 * only the one holding a PostgreSQL advisory lock relays at a time, so events leave in the order
 * they were written. It sends them with an idempotent producer ({@code acks=all}) and marks published the rows up to
 * the first one Kafka did not acknowledge. While Kafka is down nothing is marked and nothing is lost:
 * the rows wait and go out once it is back. Delivery is at least once; consumers deduplicate by
 * the CloudEvent id. It connects as the service's Kafka user when
 * {@link org.lifeline.platform.kafka.KafkaSecurity} has one; consumers believe an event only on its owner's topic
 * ({@link org.lifeline.platform.inbox.TopicOwner}), so a service's outbox rows name its own topics.
 *
 * <p>A poison row, one Kafka refuses for good (larger than the producer's {@code max.request.size} or the broker's
 * {@code message.max.bytes}, not serializable, an invalid topic: {@link #isPoison}), would otherwise hold back every
 * row after it for ever. After {@code lifeline.outbox.max-attempts} attempts (default 5) that ended in such an error
 * it is set aside as a dead letter ({@code dead_lettered_at}, its {@code last_error} kept), counted in
 * {@code lifeline_outbox_dead_lettered_total}, logged at WARN, and the rows after it go out. Later events of the same
 * key are not held back: consumers get them without the dead-lettered one, and if an admin queues it again
 * ({@link DeadLetters#requeue}) it is published after them, so a consumer that applies a key's events in CloudEvent
 * time order skips it as older. An outage (a timeout, an unreachable broker, a refused login) is never poison: those
 * rows wait however long it lasts.
 *
 * <p>Active only in services built with {@code lifeline.outbox.enabled=true}.
 */
@ApplicationScoped
@IfBuildProperty(name = "lifeline.outbox.enabled", stringValue = "true")
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:19092")
    String bootstrapServers;

    @ConfigProperty(name = "lifeline.outbox.batch-size", defaultValue = "200")
    int batchSize;

    @ConfigProperty(name = "lifeline.outbox.send-timeout", defaultValue = "30s")
    Duration sendTimeout;

    @ConfigProperty(name = "lifeline.outbox.retention", defaultValue = "P7D")
    Duration retention;

    /** Attempts that ended in a poison error before a row is set aside as a dead letter. */
    @ConfigProperty(name = "lifeline.outbox.max-attempts", defaultValue = "5")
    int maxAttempts;

    /** The names of the rows' topics on the broker: {@code lifeline.kafka.topic-prefix}, if any, before them. */
    KafkaTopics topics = KafkaTopics.configured();

    /** Advisory lock key of the relay (any constant; one database per service). */
    static final long RELAY_LOCK = 0x4c6966656c696e65L;

    private volatile KafkaProducer<String, String> producer;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final java.util.concurrent.locks.ReentrantLock relaying = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.atomic.AtomicBoolean wakeQueued = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.ExecutorService waker = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-wake");
        t.setDaemon(true);
        return t;
    });
    private Counter published;
    private Counter failures;
    private Counter deadLettered;
    /** Set when a batch set a row aside, so {@link #poll} goes on with the rows after it at once. */
    private boolean setAside;

    void init(@Observes io.quarkus.runtime.StartupEvent event) {
        published = registry.counter("lifeline.outbox.published");
        failures = registry.counter("lifeline.outbox.send.failures");
        deadLettered = Counter.builder("lifeline.outbox.dead.lettered")
                .description("Outbox rows set aside after lifeline.outbox.max-attempts attempts Kafka refused for good")
                .register(registry);
        registry.gauge("lifeline.outbox.pending", pending);
        registry.gauge("lifeline.outbox.dead.letters", deadLetters);
    }

    @Scheduled(every = "${lifeline.outbox.poll-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        relaying.lock(); // a wake-up and the schedule take turns, so neither skips rows the other has not seen
        try {
            int sent;
            do {
                setAside = false;
                sent = publishBatch();
            } while (sent == batchSize || setAside);
            pending.set(countPending());
            deadLetters.set(countDeadLetters());
        } catch (SQLException e) {
            LOG.warnf("Outbox relay: database not available (%s); will retry", e.getMessage());
        } finally {
            relaying.unlock();
        }
    }

    /**
     * Relays now instead of at the next poll: a service calls it after committing events another service
     * waits for (a positive result that seals a household). Wake-ups that come while one is queued are
     * merged into it; the poll stays as the safety net.
     */
    public void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            waker.execute(() -> {
                wakeQueued.set(false);
                poll();
            });
        }
    }

    void shutdown(@Observes io.quarkus.runtime.ShutdownEvent event) {
        waker.shutdownNow();
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgePublished() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM outbox WHERE published_at < now() - make_interval(secs => ?)")) {
            delete.setLong(1, retention.toSeconds());
            int deleted = delete.executeUpdate();
            if (deleted > 0) {
                LOG.infof("Outbox: purged %d events published more than %s ago", deleted, retention);
            }
        } catch (SQLException e) {
            LOG.warnf("Outbox purge failed: %s", e.getMessage());
        }
    }

    /** @return how many rows were published */
    int publishBatch() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            // one relay at a time across replicas, so events leave in the order they were written
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
                lock.setLong(1, RELAY_LOCK);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        connection.rollback();
                        return 0;
                    }
                }
            }
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT seq, event_id, topic, event_key, event_type, payload FROM outbox "
                            + "WHERE published_at IS NULL AND dead_lettered_at IS NULL ORDER BY seq LIMIT ? "
                            + "FOR UPDATE SKIP LOCKED")) {
                select.setInt(1, batchSize);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6)));
                    }
                }
            }
            if (rows.isEmpty()) {
                connection.rollback();
                return 0;
            }
            List<Future<RecordMetadata>> sends = new ArrayList<>(rows.size());
            String error = null;
            Throwable cause = null;
            try {
                KafkaProducer<String, String> kafka = producer();
                for (Row row : rows) {
                    ProducerRecord<String, String> record = new ProducerRecord<>(topics.onBroker(row.topic), row.key, row.payload);
                    record.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
                    record.headers().add("ce_id", row.eventId.getBytes(StandardCharsets.UTF_8));
                    record.headers().add("ce_type", row.type.getBytes(StandardCharsets.UTF_8));
                    Future<RecordMetadata> send = kafka.send(record);
                    sends.add(send);
                    if (send.isDone() && failed(send)) {
                        break; // Kafka unreachable (metadata timeout): do not wait max.block.ms per row
                    }
                }
                kafka.flush();
            } catch (RuntimeException e) {
                error = e.toString();
                cause = e;
            }
            int acknowledged = 0;
            long deadline = System.nanoTime() + sendTimeout.toNanos();
            for (Future<RecordMetadata> send : sends) {
                try {
                    send.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    acknowledged++;
                } catch (ExecutionException | TimeoutException e) {
                    cause = e.getCause() == null ? e : e.getCause();
                    error = cause.toString();
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    error = "interrupted";
                    break;
                }
            }
            if (acknowledged > 0) {
                try (PreparedStatement mark = connection.prepareStatement(
                        "UPDATE outbox SET published_at = now(), attempts = attempts + 1 WHERE seq = ANY (?)")) {
                    mark.setArray(1, connection.createArrayOf("bigint",
                            rows.subList(0, acknowledged).stream().map(r -> r.seq).toArray()));
                    mark.executeUpdate();
                }
            }
            boolean deadLetter = false;
            Row refused = acknowledged < rows.size() ? rows.get(acknowledged) : null;
            if (refused != null) {
                failures.increment();
                boolean poison = isPoison(cause);
                try (PreparedStatement fail = connection.prepareStatement(
                        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, "
                                + "dead_lettered_at = CASE WHEN ? AND attempts + 1 >= ? THEN now() END "
                                + "WHERE seq = ? RETURNING attempts, dead_lettered_at IS NOT NULL")) {
                    fail.setString(1, error == null ? "not acknowledged" : error);
                    fail.setBoolean(2, poison);
                    fail.setInt(3, maxAttempts);
                    fail.setLong(4, refused.seq);
                    try (ResultSet rs = fail.executeQuery()) {
                        rs.next();
                        deadLetter = rs.getBoolean(2);
                        if (deadLetter) {
                            LOG.warnf("Outbox relay: event %s (%s on %s, key %s) set aside as a dead letter after %d "
                                    + "attempts Kafka refused for good (%s); the events after it go on",
                                    refused.eventId, refused.type, refused.topic, refused.key, rs.getInt(1), error);
                        } else {
                            LOG.warnf("Outbox relay: Kafka did not take event %s (%s); %d events wait for the next "
                                    + "attempt", refused.eventId, error, rows.size() - acknowledged);
                        }
                    }
                }
            }
            connection.commit();
            published.increment(acknowledged);
            if (deadLetter) {
                deadLettered.increment();
                setAside = true;
            }
            return acknowledged;
        }
    }

    private static boolean failed(Future<RecordMetadata> send) {
        try {
            send.get(0, TimeUnit.MILLISECONDS);
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /**
     * Whether Kafka refused the record for good, so sending it again can never succeed: the record is too large, not
     * serializable or invalid. A timeout, a lost broker or a refused login is an outage, not the record's fault.
     */
    static boolean isPoison(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof org.apache.kafka.common.errors.RecordTooLargeException
                    || e instanceof org.apache.kafka.common.errors.RecordBatchTooLargeException
                    || e instanceof org.apache.kafka.common.errors.SerializationException
                    || e instanceof org.apache.kafka.common.InvalidRecordException
                    || e instanceof org.apache.kafka.common.errors.InvalidTopicException) {
                return true;
            }
        }
        return false;
    }

    private long countPending() throws SQLException {
        return count("SELECT count(*) FROM outbox WHERE published_at IS NULL AND dead_lettered_at IS NULL");
    }

    private long countDeadLetters() throws SQLException {
        return count("SELECT count(*) FROM outbox WHERE dead_lettered_at IS NOT NULL AND published_at IS NULL");
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(sql);
                ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    Properties props = org.lifeline.platform.kafka.KafkaSecurity.apply(new Properties());
                    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
                    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000");
                    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
                    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(Math.max(15000, sendTimeout.toMillis() - 1000)));
                    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
                    props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
                    props.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
                    producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
                }
                current = producer;
            }
        }
        return current;
    }

    void close(@Observes ShutdownEvent event) {
        KafkaProducer<String, String> current = producer;
        if (current != null) {
            current.close(Duration.ofSeconds(5));
        }
    }

    private record Row(long seq, String eventId, String topic, String key, String type, String payload) {
    }
}
