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
 * one transaction with the inbox record, so a redelivery changes nothing. Lifting a status stays a
 * decision of staff.
 */
@ApplicationScoped
public class TestResultsConsumer {

    public static final String TOPIC = "lifeline.testing.result.v1";
    static final String RECORDED = "org.lifeline.testing.TestResultRecorded.v1";
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
        if (!RECORDED.equals(event.path("type").asText())) {
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
        String barcode = data.path("barcode").asText();
        String source = "testing:" + barcode;
        String reason = "positive".equals(data.path("result").asText()) && "sealed".equals(status)
                ? "核酸检测阳性（试管 " + barcode + "） PCR positive, tube " + barcode
                : "混采阳性，待单管复检（试管 " + barcode + "） pooled tube " + barcode + " positive, re-test due";
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE status_changed (household_id uuid PRIMARY KEY, change text NOT NULL) ON COMMIT DROP");
        }
        try (PreparedStatement s = c.prepareStatement("WITH raised AS (UPDATE household SET status = ?, status_reason = ?, "
                + "status_source = ?, status_since = now(), status_until = NULL, version = version + 1, updated_at = now() "
                + "WHERE id = ANY (?) AND array_position(ARRAY['normal','precaution','controlled','sealed'], status) "
                + "< array_position(ARRAY['normal','precaution','controlled','sealed'], CAST(? AS text)) RETURNING id), "
                + "history AS (INSERT INTO household_status_change (household_id, status, reason, source, changed_by, "
                + "started_at) SELECT id, ?, ?, ?, 'testing', now() FROM raised) "
                + "INSERT INTO status_changed SELECT id, 'status-changed' FROM raised")) {
            s.setString(1, status);
            s.setString(2, reason);
            s.setString(3, source);
            s.setArray(4, c.createArrayOf("uuid", households.toArray()));
            s.setString(5, status);
            s.setString(6, status);
            s.setString(7, reason);
            s.setString(8, source);
            s.executeUpdate();
        }
        new HouseholdEventsJdbc(mapper).write(c, "status_changed");
    }

    /** Events applied since start. */
    public long applied() {
        return consumer == null ? 0 : consumer.applied();
    }
}
