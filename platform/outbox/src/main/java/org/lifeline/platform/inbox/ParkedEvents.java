package org.lifeline.platform.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.problem.ProblemType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The events a service's {@link InboxConsumer}s parked ({@code inbox_parked}), made visible and replayable (issue 19
 * item 4): {@link #page} lists them newest first, {@link #replay} hands one again to the handler the running consumer
 * of its topic applies events with, by the same rules ({@link InboxConsumer#handle}: the owner's check, the inbox,
 * one transaction). Applied, or found applied already, the row stays as a record with who replayed it and when;
 * refused again, it stays parked with the new reason. The gauge {@code lifeline_inbox_parked{topic}} counts the
 * events waiting per topic (refreshed every {@code lifeline.inbox.parked-refresh}, default 15s, and after a replay),
 * for an alert on any value above zero.
 */
@ApplicationScoped
public class ParkedEvents {

    /** The most a page lists. */
    public static final int MAX_PAGE_SIZE = 100;

    static final String BUNDLE = "messages.platform";
    private static final Logger LOG = Logger.getLogger(ParkedEvents.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, topic, partition_no, record_offset, event_key, reason, parked_at, replays, "
            + "replayed_at, replayed_by, payload";

    /** One parked event, as the admin API shows it (the payload too: only platform admins see this). */
    public record Parked(long id, String topic, int partition, long offset, String key, String reason,
            OffsetDateTime parkedAt, int replays, OffsetDateTime replayedAt, String replayedBy, String payload) {
    }

    /**
     * What a replay did: {@code applied} (the handler took it now), {@code duplicate} (its id was in the inbox: it had
     * been applied, nothing done) or {@code refused} (still parked; {@code reason} is the new one).
     */
    public record Replay(String outcome, String reason, Parked event) {
    }

    /** Whether a list shows the events still parked or the ones replayed. */
    public enum State {
        PARKED, REPLAYED
    }

    @Inject
    AgroalDataSource agroal;

    @Inject
    MeterRegistry registry;

    private DataSource dataSource;
    private final Function<String, Optional<EventHandler>> handlers;
    private final Map<String, AtomicLong> waiting = new ConcurrentHashMap<>();

    /** For CDI: the service's datasource, and the handlers of the consumers running in this process. */
    public ParkedEvents() {
        this.handlers = InboxConsumer::handlerFor;
    }

    /** Outside CDI (tests): a datasource, where the gauge goes, and the handler per topic. */
    public ParkedEvents(DataSource dataSource, MeterRegistry registry, Function<String, Optional<EventHandler>> handlers) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.handlers = handlers;
    }

    private DataSource dataSource() {
        if (dataSource == null) {
            dataSource = agroal;
        }
        return dataSource;
    }

    /** A page of parked (or replayed) events, newest first, optionally of one topic. */
    public PageView<Parked> page(State state, String topic, int page, int size) {
        if (page < 0) {
            throw ProblemException.invalidField("page", Message.key(BUNDLE, "paging.page"));
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ProblemException.invalidField("size", Message.key(BUNDLE, "paging.size", MAX_PAGE_SIZE));
        }
        String where = (state == State.REPLAYED ? "replayed_at IS NOT NULL" : "replayed_at IS NULL")
                + (topic == null || topic.isBlank() ? "" : " AND topic = ?");
        try (Connection c = dataSource().getConnection()) {
            long total;
            try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM inbox_parked WHERE " + where)) {
                if (topic != null && !topic.isBlank()) {
                    count.setString(1, topic);
                }
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Parked> items = new ArrayList<>();
            try (PreparedStatement list = c.prepareStatement("SELECT " + COLUMNS + " FROM inbox_parked WHERE " + where
                    + " ORDER BY parked_at DESC, id DESC LIMIT ? OFFSET ?")) {
                int i = 1;
                if (topic != null && !topic.isBlank()) {
                    list.setString(i++, topic);
                }
                list.setInt(i++, size);
                list.setLong(i, (long) page * size);
                try (ResultSet rs = list.executeQuery()) {
                    while (rs.next()) {
                        items.add(parked(rs));
                    }
                }
            }
            return PageView.of(items, page, size, total);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One parked (or replayed) event. */
    public Parked get(long id) {
        try (Connection c = dataSource().getConnection()) {
            return find(c, id).orElseThrow(() -> notFound(id));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Hands a parked event again to its topic's handler, by the consumer's rules.
     *
     * @param by who asked (recorded when it is applied)
     * @throws ProblemException 404 when there is no such parked event, 409 when it was replayed already or no consumer
     *                          of its topic runs in this service
     */
    public Replay replay(long id, String by) {
        Parked event = get(id);
        if (event.replayedAt() != null) {
            throw new ProblemException(ProblemType.CONFLICT, Message.key(BUNDLE, "parked.already-replayed", id,
                    event.replayedAt(), event.replayedBy()));
        }
        EventHandler handler = handlers.apply(event.topic()).orElseThrow(() -> new ProblemException(
                ProblemType.CONFLICT, Message.key(BUNDLE, "parked.no-consumer", event.topic())));
        InboxConsumer.Handled handled;
        try {
            JsonNode json;
            try {
                json = JSON.readTree(event.payload());
            } catch (Exception e) {
                json = null;
            }
            Optional<TopicOwner.Rejection> rejection = TopicOwner.check(event.topic(), json);
            if (rejection.isPresent()) {
                handled = new InboxConsumer.Handled(InboxConsumer.Outcome.REFUSED,
                        "not the topic owner's event: " + rejection.get().tag);
            } else {
                handled = InboxConsumer.handle(dataSource(), handler, event.topic(), event.key(), json, c -> {
                    try (PreparedStatement done = c.prepareStatement("UPDATE inbox_parked SET replayed_at = now(), "
                            + "replayed_by = ?, replays = replays + 1 WHERE id = ? AND replayed_at IS NULL")) {
                        done.setString(1, by);
                        done.setLong(2, id);
                        done.executeUpdate();
                    }
                });
            }
            if (handled.outcome() == InboxConsumer.Outcome.REFUSED) {
                String reason = handled.reason() == null ? "refused" : handled.reason();
                try (Connection c = dataSource().getConnection(); PreparedStatement again = c.prepareStatement(
                        "UPDATE inbox_parked SET reason = ?, replays = replays + 1 WHERE id = ?")) {
                    again.setString(1, reason.length() > 2000 ? reason.substring(0, 2000) : reason);
                    again.setLong(2, id);
                    again.executeUpdate();
                }
                LOG.warnf("Parked event %d (%s) replayed by %s and refused again: %s", id, event.topic(), by, reason);
            } else {
                LOG.infof("Parked event %d (%s) replayed by %s: %s", id, event.topic(), by,
                        handled.outcome().name().toLowerCase());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        refresh();
        return new Replay(handled.outcome().name().toLowerCase(), handled.reason(), get(id));
    }

    /** Reads the parked events per topic into {@code lifeline_inbox_parked{topic}}. */
    @Scheduled(every = "${lifeline.inbox.parked-refresh:15s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void refresh() {
        Map<String, Long> counts = new HashMap<>();
        InboxConsumer.consumedTopics().forEach(topic -> counts.put(topic, 0L));
        try (Connection c = dataSource().getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT topic, count(*) FROM inbox_parked WHERE replayed_at IS NULL GROUP BY topic");
                ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            LOG.debugf("Parked events not counted: %s", e.getMessage()); // an outage: readiness reports it
            return;
        }
        waiting.forEach((topic, value) -> counts.putIfAbsent(topic, 0L));
        counts.forEach((topic, count) -> waiting.computeIfAbsent(topic, t -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("lifeline.inbox.parked", value, AtomicLong::get)
                    .description("Events an inbox consumer parked and no one has replayed yet, per topic")
                    .tag("topic", t).strongReference(true).register(registry);
            return value;
        }).set(count));
    }

    private static Optional<Parked> find(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM inbox_parked WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(parked(rs)) : Optional.empty();
            }
        }
    }

    private static Parked parked(ResultSet rs) throws SQLException {
        return new Parked(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5), rs.getString(6),
                rs.getObject(7, OffsetDateTime.class), rs.getInt(8), rs.getObject(9, OffsetDateTime.class),
                rs.getString(10), rs.getString(11));
    }

    private static ProblemException notFound(long id) {
        return new ProblemException(ProblemType.NOT_FOUND, Message.key(BUNDLE, "parked.not-found", id));
    }
}
