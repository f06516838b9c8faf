package org.lifeline.supplies.service;

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
 * Supplies' copy of residents' places, households and persons (the platform's {@link ResidentsReadModel}), so
 * supplies keeps serving when residents is down: household status (sealed, controlled), members' vulnerability
 * flags and birth dates (infants) feed the allocation score, the place path scopes staff by area. No grids. A place
 * that moves takes along the paths of orders, stock and group orders.
 */
@ApplicationScoped
public class ResidentsEventsConsumer extends RunningConsumer {

    static final ResidentsReadModel READ_MODEL = ResidentsReadModel.places().withPersons().followingMoves(
            PathColumn.of("supply_order", "place_path"), PathColumn.of("supply_order", "building_path"),
            PathColumn.of("stock", "area_path"), PathColumn.of("group_order", "building_path"));

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "supplies.residents-events.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "supplies.residents-events.group-id", defaultValue = "supplies")
    String groupId;

    @Override
    protected InboxConsumer create() {
        return enabled ? READ_MODEL.start("residents-events", bootstrapServers, groupId, dataSource, Map.of()) : null;
    }
}
