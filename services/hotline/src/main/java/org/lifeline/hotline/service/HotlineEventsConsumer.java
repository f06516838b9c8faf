package org.lifeline.hotline.service;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.hotline.config.HotlineConfig;
import org.lifeline.hotline.event.IncomingSignals;
import org.lifeline.platform.inbox.BatchEventHandler;
import org.lifeline.platform.inbox.InboxConsumer;
import org.lifeline.platform.inbox.RunningConsumer;
import org.lifeline.platform.readmodel.ResidentsReadModel;
import org.lifeline.platform.readmodel.ResidentsReadModel.PathColumn;

import java.util.Map;

/**
 * The hotline's consumer (ARCHITECTURE.md rule 3), each event applied once through the platform inbox: residents'
 * places, households and grids (the platform's {@link ResidentsReadModel}, no persons; tickets and callbacks follow a
 * moved place), so tickets are placed and scoped while residents is down; and the signals that open tickets
 * ({@link SignalIntake}); a survey round's visits a poll at a time ({@link BatchEventHandler}).
 */
@ApplicationScoped
public class HotlineEventsConsumer extends RunningConsumer {

    static final ResidentsReadModel READ_MODEL = ResidentsReadModel.places().withHouseholds().withGrids().followingMoves(
            PathColumn.of("ticket", "place_path"), PathColumn.of("callback", "place_path"));

    @Inject
    AgroalDataSource dataSource;

    @Inject
    HotlineConfig config;

    @Inject
    SignalIntake signals;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Override
    protected InboxConsumer create() {
        if (!config.events().enabled()) {
            return null;
        }
        return READ_MODEL.start("hotline-events", bootstrapServers, config.events().groupId(), dataSource, Map.of(
                IncomingSignals.SURVEY_TOPIC, (BatchEventHandler) (c, topic, events) -> signals.surveyVisits(c, events),
                IncomingSignals.CARE_TOPIC, (c, topic, key, event) -> signals.care(c, event),
                IncomingSignals.MEDICAL_TOPIC, (c, topic, key, event) -> signals.medical(c, event),
                IncomingSignals.TASK_TOPIC, (c, topic, key, event) -> signals.task(c, event),
                IncomingSignals.AREA_TOPIC, (c, topic, key, event) -> signals.areaMode(c, event),
                IncomingSignals.ORDER_TOPIC, (c, topic, key, event) -> signals.order(c, event)));
    }
}
