package org.lifeline.cogovernance.service;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.platform.inbox.InboxConsumer;
import org.lifeline.platform.inbox.RunningConsumer;
import org.lifeline.platform.readmodel.ResidentsReadModel;
import org.lifeline.platform.readmodel.ResidentsReadModel.PathColumn;

/**
 * The one inbox consumer of co-governance (group {@code cogovernance}): residents' places through the platform's
 * {@link ResidentsReadModel} (places only, so area codes resolve to paths; a moved place takes along the paths of
 * tasks, volunteers and area modes under it) and the events that feed the task board ({@link TaskFeed}), each
 * event applied once.
 */
@ApplicationScoped
public class EventsConsumer extends RunningConsumer {

    static final ResidentsReadModel READ_MODEL = ResidentsReadModel.places().followingMoves(
            PathColumn.of("task", "area_path"), PathColumn.of("volunteer", "home_area_path"),
            PathColumn.of("area_mode", "area_path"));

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TaskFeed taskFeed;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "cogovernance.events.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "cogovernance.events.group-id", defaultValue = "cogovernance")
    String groupId;

    @Override
    protected InboxConsumer create() {
        return enabled ? READ_MODEL.start("cogovernance-events", bootstrapServers, groupId, dataSource, taskFeed.handlers())
                : null;
    }
}
