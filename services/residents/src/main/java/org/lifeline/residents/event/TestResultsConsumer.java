package org.lifeline.residents.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.platform.inbox.InboxConsumer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies testing's results to households (ARCHITECTURE.md rule 2: "a positive tube → testing
 * publishes TestResultRecorded → residents puts the household under control"). A
 * {@code TestResultRecorded.v1} with a {@code householdStatus} (sealed for a positive single tube,
 * controlled for a positive pooled one) raises each named household to that status, never lowers it
 * (a sealed household stays sealed), with the history entry and a {@code HouseholdChanged} event, in
 * one transaction with the inbox record, so a redelivery changes nothing. A {@code HouseholdCleared.v1}
 * (all re-tests after a positive pooled tube negative) lifts a {@code controlled} status testing set; other
 * lifts stay a decision of staff. Testing's events about one household apply in CloudEvent time order
 * ({@code household.testing_event_at}): an older one that arrives late is skipped.
 */
@ApplicationScoped
public class TestResultsConsumer {

    public static final String TOPIC = "lifeline.testing.result.v1";
    static final String RECORDED = "org.lifeline.testing.TestResultRecorded.v1";
    static final String CLEARED = "org.lifeline.testing.HouseholdCleared.v1";
    private static final List<String> RANK = List.of("normal", "precaution", "controlled", "sealed");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "residents.test-results.enabled", defaultValue = "true")
    boolean enabled;

    private InboxConsumer consumer;

    void start(@Observes StartupEvent event) {
        if (enabled) {
            consumer = new InboxConsumer("test-results", bootstrapServers, "residents", dataSource,
                    Map.of(TOPIC, (c, topic, key, e) -> apply(c, e))).start();
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (consumer != null) {
            consumer.close();
        }
    }

    void apply(Connection c, JsonNode event) throws Exception {
        String type = event.path("type").asText();
        if (CLEARED.equals(type)) {
            clear(c, event);
            return;
        }
        if (!RECORDED.equals(type)) {
            return; // RetestRequired and others: nothing for residents to do
        }
        JsonNode data = event.get("data");
        String status = data.path("householdStatus").asText(null);
        if (status == null || !RANK.contains(status)) {
            return;
        }
        Set<UUID> households = new LinkedHashSet<>();
        data.path("persons").forEach(p -> households.add(UUID.fromString(p.get("householdId").asText())));
        if (households.isEmpty()) {
            return;
        }
        Timestamp time = time(event);
        String barcode = data.path("barcode").asText();
        String source = "testing:" + barcode;
        String reason = "positive".equals(data.path("result").asText()) && "sealed".equals(status)
                ? "核酸检测阳性（试管 " + barcode + "） PCR positive, tube " + barcode
                : "混采阳性，待单管复检（试管 " + barcode + "） pooled tube " + barcode + " positive, re-test due";
        statusChangedTable(c);
        try (PreparedStatement s = c.prepareStatement("WITH raised AS (UPDATE household SET status = ?, status_reason = ?, "
                + "status_source = ?, status_since = now(), status_until = NULL, version = version + 1, updated_at = now(), "
                + "testing_event_at = ? "
                + "WHERE id = ANY (?) AND array_position(ARRAY['normal','precaution','controlled','sealed'], status) "
                + "< array_position(ARRAY['normal','precaution','controlled','sealed'], CAST(? AS text)) "
                + "AND (testing_event_at IS NULL OR testing_event_at < ?) RETURNING id), "
                + "history AS (INSERT INTO household_status_change (household_id, status, reason, source, changed_by, "
                + "started_at) SELECT id, ?, ?, ?, 'testing', now() FROM raised) "
                + "INSERT INTO status_changed SELECT id, 'status-changed' FROM raised")) {
            s.setString(1, status);
            s.setString(2, reason);
            s.setString(3, source);
            s.setTimestamp(4, time);
            s.setArray(5, c.createArrayOf("uuid", households.toArray()));
            s.setString(6, status);
            s.setTimestamp(7, time);
            s.setString(8, status);
            s.setString(9, reason);
            s.setString(10, source);
            s.executeUpdate();
        }
        stamp(c, households, time);
        new HouseholdEventsJdbc(mapper).write(c, "status_changed");
    }

    /**
     * {@code HouseholdCleared.v1}: every re-test of the household came back negative. Lifts a {@code controlled}
     * status that testing set (source {@code testing:<tube>}) back to normal; a status staff set, or a sealed
     * household, stays as it is. Skipped if a newer testing event was applied to the household already.
     */
    void clear(Connection c, JsonNode event) throws Exception {
        JsonNode data = event.get("data");
        UUID household = UUID.fromString(data.get("householdId").asText());
        Timestamp time = time(event);
        String barcode = data.path("barcode").asText();
        String reason = "单管复检均为阴性，解除管控（混采试管 " + barcode + "） all re-tests negative after pooled tube " + barcode;
        statusChangedTable(c);
        try (PreparedStatement s = c.prepareStatement("WITH lifted AS (UPDATE household SET status = 'normal', "
                + "status_reason = ?, status_source = ?, status_since = now(), status_until = NULL, version = version + 1, "
                + "updated_at = now(), testing_event_at = ? WHERE id = ? AND status = 'controlled' "
                + "AND status_source LIKE 'testing:%' AND (testing_event_at IS NULL OR testing_event_at < ?) RETURNING id), "
                + "history AS (INSERT INTO household_status_change (household_id, status, reason, source, changed_by, "
                + "started_at) SELECT id, 'normal', ?, ?, 'testing', now() FROM lifted) "
                + "INSERT INTO status_changed SELECT id, 'status-changed' FROM lifted")) {
            String source = "testing:cleared:" + barcode;
            s.setString(1, reason);
            s.setString(2, source);
            s.setTimestamp(3, time);
            s.setObject(4, household);
            s.setTimestamp(5, time);
            s.setString(6, reason);
            s.setString(7, source);
            s.executeUpdate();
        }
        stamp(c, Set.of(household), time);
        new HouseholdEventsJdbc(mapper).write(c, "status_changed");
    }

    private static void statusChangedTable(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS status_changed (household_id uuid PRIMARY KEY, change text NOT NULL) "
                    + "ON COMMIT DROP");
        }
    }

    /** Remembers the newest testing event applied to these households, raised or not. */
    private static void stamp(Connection c, Set<UUID> households, Timestamp time) throws Exception {
        try (PreparedStatement s = c.prepareStatement("UPDATE household SET testing_event_at = ? WHERE id = ANY (?) "
                + "AND (testing_event_at IS NULL OR testing_event_at < ?)")) {
            s.setTimestamp(1, time);
            s.setArray(2, c.createArrayOf("uuid", households.toArray()));
            s.setTimestamp(3, time);
            s.executeUpdate();
        }
    }

    private static Timestamp time(JsonNode event) {
        return Timestamp.from(java.time.OffsetDateTime.parse(event.path("time").asText()).toInstant());
    }

    /** Events applied since start. */
    public long applied() {
        return consumer == null ? 0 : consumer.applied();
    }
}
