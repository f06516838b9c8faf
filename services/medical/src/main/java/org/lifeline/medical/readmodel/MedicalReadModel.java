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
import org.lifeline.platform.readmodel.ResidentsReadModel;
import org.lifeline.platform.readmodel.ResidentsReadModel.PathColumn;

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

    /** Places and households (their control status), no persons; requests, notices and hospitals follow moves. */
    static final ResidentsReadModel READ_MODEL = ResidentsReadModel.places().withHouseholds().followingMoves(
            PathColumn.of("medical_request", "place_path"), PathColumn.of("notification", "place_path"),
            PathColumn.of("hospital", "area_path"));
    public static final String RESULT_TOPIC = "lifeline.testing.result.v1";
    static final String RESULT_RECORDED = "org.lifeline.testing.TestResultRecorded.v1";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MedicalConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private InboxConsumer consumer;

    void start(@Observes StartupEvent event) {
        if (config.events().enabled()) {
            consumer = READ_MODEL.start("medical-events", bootstrapServers, config.events().groupId(), dataSource,
                    Map.of(RESULT_TOPIC, (c, topic, key, e) -> result(c, e)));
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
