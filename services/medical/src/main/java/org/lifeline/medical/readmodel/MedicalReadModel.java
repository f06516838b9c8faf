package org.lifeline.medical.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.medical.config.MedicalConfig;
import org.lifeline.medical.repository.TimelineRepository;
import org.lifeline.platform.inbox.InboxConsumer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Medical's local read model (ARCHITECTURE.md rule 3), built through the platform inbox (each event
 * applied once): residents' places and households ({@code lifeline.residents.place.v1},
 * {@code lifeline.residents.household.v1}), so requests are placed and scoped while residents is down, and
 * testing's results ({@code lifeline.testing.result.v1}): a person found positive flags their household's
 * open requests, and its later ones, for infection control.
 */
@ApplicationScoped
public class MedicalReadModel {

    public static final String HOUSEHOLD_TOPIC = "lifeline.residents.household.v1";
    public static final String PLACE_TOPIC = "lifeline.residents.place.v1";
    public static final String RESULT_TOPIC = "lifeline.testing.result.v1";
    static final String RESULT_RECORDED = "org.lifeline.testing.TestResultRecorded.v1";
    static final String GRID_CREATED = "org.lifeline.residents.GridCreated.v1";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MedicalConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private InboxConsumer consumer;

    void start(@Observes StartupEvent event) {
        if (config.events().enabled()) {
            consumer = new InboxConsumer("medical-events", bootstrapServers, config.events().groupId(), dataSource,
                    Map.of(HOUSEHOLD_TOPIC, (c, topic, key, e) -> household(c, e),
                            PLACE_TOPIC, (c, topic, key, e) -> place(c, e),
                            RESULT_TOPIC, (c, topic, key, e) -> result(c, e))).start();
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (consumer != null) {
            consumer.close();
        }
    }

    public long applied() {
        return consumer == null ? 0 : consumer.applied();
    }

    static void household(Connection c, JsonNode event) throws SQLException {
        JsonNode d = event.get("data");
        try (PreparedStatement s = c.prepareStatement("INSERT INTO household_rm (id, code, place_path, status, version, "
                + "updated_at) VALUES (?, ?, ?, ?, ?, now()) ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, "
                + "place_path = EXCLUDED.place_path, status = EXCLUDED.status, version = EXCLUDED.version, "
                + "updated_at = now() WHERE household_rm.version < EXCLUDED.version")) {
            s.setObject(1, UUID.fromString(d.get("householdId").asText()));
            s.setString(2, d.get("code").asText());
            s.setString(3, d.get("placePath").asText());
            s.setString(4, d.get("status").asText());
            s.setLong(5, d.get("version").asLong());
            s.executeUpdate();
        }
    }

    static void place(Connection c, JsonNode event) throws SQLException {
        if (GRID_CREATED.equals(event.path("type").asText())) {
            return; // grids do not matter to medical
        }
        JsonNode d = event.get("data");
        String path = d.get("path").asText();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO place_rm (code, name, level, parent_code, path) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, "
                + "parent_code = EXCLUDED.parent_code, path = EXCLUDED.path")) {
            s.setString(1, d.get("code").asText());
            s.setString(2, d.get("name").asText());
            s.setString(3, d.get("level").asText());
            s.setString(4, d.hasNonNull("parentCode") ? d.get("parentCode").asText() : null);
            s.setString(5, path);
            s.executeUpdate();
        }
        String previous = d.path("previousPath").asText(null);
        if (previous != null && !previous.equals(path)) {
            // a move: every path under the old one now starts with the new one
            for (String sql : List.of(
                    "UPDATE place_rm SET path = ? || substr(path, ?) WHERE path LIKE ? AND code <> ?",
                    "UPDATE household_rm SET place_path = ? || substr(place_path, ?) WHERE place_path LIKE ? AND ? IS NOT NULL",
                    "UPDATE medical_request SET place_path = ? || substr(place_path, ?) WHERE place_path LIKE ? AND ? IS NOT NULL",
                    "UPDATE notification SET place_path = ? || substr(place_path, ?) WHERE place_path LIKE ? AND ? IS NOT NULL",
                    "UPDATE hospital SET area_path = ? || substr(area_path, ?) WHERE area_path LIKE ? AND ? IS NOT NULL")) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setString(1, path);
                    s.setInt(2, previous.length() + 1);
                    s.setString(3, previous.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
                    s.setString(4, d.get("code").asText());
                    s.executeUpdate();
                }
            }
        }
    }

    /** {@code TestResultRecorded}: each person whose state is {@code positive} flags their household. */
    static void result(Connection c, JsonNode event) throws SQLException {
        if (!RESULT_RECORDED.equals(event.path("type").asText())) {
            return;
        }
        JsonNode d = event.get("data");
        List<UUID> households = new ArrayList<>();
        for (JsonNode p : d.path("persons")) {
            if (!"positive".equals(p.path("state").asText())) {
                continue;
            }
            UUID household = UUID.fromString(p.get("householdId").asText());
            try (PreparedStatement s = c.prepareStatement("INSERT INTO infection_flag (person_id, household_id, barcode) "
                    + "VALUES (?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET household_id = EXCLUDED.household_id, "
                    + "barcode = EXCLUDED.barcode")) {
                s.setObject(1, UUID.fromString(p.get("personId").asText()));
                s.setObject(2, household);
                s.setString(3, d.path("barcode").asText(null));
                s.executeUpdate();
            }
            households.add(household);
        }
        for (UUID household : households) {
            List<UUID> flagged = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("UPDATE medical_request SET infection_control = true, "
                    + "updated_at = now() WHERE household_id = ? AND NOT infection_control "
                    + "AND status NOT IN ('resolved', 'cancelled') RETURNING id, level")) {
                s.setObject(1, household);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        flagged.add(rs.getObject(1, UUID.class));
                        TimelineRepository.add(c, rs.getObject(1, UUID.class), "infection-control", rs.getString(2),
                                "testing", "A household member tested positive: infection control for transport and admission");
                    }
                }
            }
        }
    }
}
