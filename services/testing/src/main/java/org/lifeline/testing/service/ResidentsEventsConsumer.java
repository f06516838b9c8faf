package org.lifeline.testing.service;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.platform.inbox.InboxConsumer;
import org.lifeline.platform.inbox.RunningConsumer;
import org.lifeline.platform.readmodel.ResidentsReadModel;
import org.lifeline.platform.readmodel.ResidentsReadModel.PathColumn;

import java.util.Map;

/**
 * Testing's copy of residents' places, grids, households and persons (the platform's {@link ResidentsReadModel}),
 * so testing keeps serving when residents is down. A place that moves takes along the paths testing keeps itself:
 * persons' campaign states, campaign areas and tubes.
 */
@ApplicationScoped
public class ResidentsEventsConsumer extends RunningConsumer {

    static final ResidentsReadModel READ_MODEL = ResidentsReadModel.places().withPersons().withGrids().followingMoves(
            PathColumn.of("person_state", "place_path"), PathColumn.of("campaign", "area_path"),
            PathColumn.of("tube", "place_path"));

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "testing.residents-events.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "testing.residents-events.group-id", defaultValue = "testing")
    String groupId;

    @Override
    protected InboxConsumer create() {
        return enabled ? READ_MODEL.start("residents-events", bootstrapServers, groupId, dataSource, Map.of()) : null;
    }
}
