package org.lifeline.cogovernance.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.platform.inbox.EventHandler;
import org.lifeline.platform.inbox.InboxConsumer;

import java.util.HashMap;
import java.util.Map;

/**
 * The one inbox consumer of co-governance (group {@code cogovernance}): residents' places ({@link ResidentsPlaces})
 * and the events that feed the task board ({@link TaskFeed}), each event applied once.
 */
@ApplicationScoped
public class EventsConsumer {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ResidentsPlaces places;

    @Inject
    TaskFeed taskFeed;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "cogovernance.events.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "cogovernance.events.group-id", defaultValue = "cogovernance")
    String groupId;

    private InboxConsumer consumer;

    void start(@Observes StartupEvent event) {
        if (enabled) {
            Map<String, EventHandler> handlers = new HashMap<>(taskFeed.handlers());
            handlers.put(ResidentsPlaces.PLACE_TOPIC, places.handler());
            consumer = new InboxConsumer("cogovernance-events", bootstrapServers, groupId, dataSource, handlers).start();
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
}
