package org.lifeline.medical.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.medical.config.MedicalConfig;
import org.lifeline.medical.event.TestResultFacts;
import org.lifeline.medical.event.TicketOpenedFacts;
import org.lifeline.medical.repository.InfectionRepository;
import org.lifeline.platform.inbox.InboxConsumer;
import org.lifeline.platform.inbox.RunningConsumer;
import org.lifeline.platform.readmodel.ResidentsReadModel;
import org.lifeline.platform.readmodel.ResidentsReadModel.PathColumn;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Medical's consumer (ARCHITECTURE.md rule 3), each event applied once through the platform inbox: residents'
 * places and households (the platform's {@link ResidentsReadModel}: no persons; requests, notices and hospitals
 * follow a moved place), so requests are placed and scoped while residents is down; testing's results: a
 * person found positive flags their household's open requests, and its later ones, for infection control; and the
 * hotline's tickets routed to medical, which link the household's open request or raise one ({@link TicketIntake}).
 * The inbox believes each topic's owner only (its CloudEvents source and type), before any handler here.
 */
@ApplicationScoped
public class MedicalEventsConsumer extends RunningConsumer {

    static final ResidentsReadModel READ_MODEL = ResidentsReadModel.places().withHouseholds().followingMoves(
            PathColumn.of("medical_request", "place_path"), PathColumn.of("notification", "place_path"),
            PathColumn.of("hospital", "area_path"));

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MedicalConfig config;

    @Inject
    InfectionRepository infections;

    @Inject
    TicketIntake tickets;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Override
    protected InboxConsumer create() {
        if (!config.events().enabled()) {
            return null;
        }
        return READ_MODEL.start("medical-events", bootstrapServers, config.events().groupId(), dataSource,
                Map.of(TestResultFacts.TOPIC, (c, topic, key, event) -> resultRecorded(c, event),
                        TicketOpenedFacts.TOPIC, (c, topic, key, event) -> tickets.ticketEvent(c, event)));
    }

    /** {@code TestResultRecorded}: each person whose state is {@code positive} flags their household. */
    void resultRecorded(Connection c, JsonNode event) throws SQLException {
        if (!TestResultFacts.TYPE.equals(event.path("type").asText())) {
            return; // RetestRequired, HouseholdCleared: nothing for medical
        }
        TestResultFacts facts = TestResultFacts.of(event);
        Set<UUID> households = new LinkedHashSet<>();
        for (TestResultFacts.Positive p : facts.positives()) {
            infections.flagPerson(c, p.personId(), p.householdId(), facts.barcode());
            households.add(p.householdId());
        }
        for (UUID household : households) {
            infections.flagOpenRequests(c, household);
        }
    }
}
