package org.lifeline.medical.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.medical.config.MedicalConfig;
import org.lifeline.medical.config.Texts;
import org.lifeline.medical.model.Levels;
import org.lifeline.medical.model.RequestRow;
import org.lifeline.medical.repository.NotificationRepository;
import org.lifeline.medical.repository.OfferRepository;
import org.lifeline.medical.repository.OfferRepository.AtDoor;
import org.lifeline.medical.repository.RequestRepository;
import org.lifeline.medical.repository.TimelineRepository;
import org.lifeline.platform.deadline.Deadline;
import org.lifeline.platform.deadline.DeadlineHandler;
import org.lifeline.platform.outbox.OutboxRelay;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * At the door (issue 21): a patient who arrived at a hospital and is not admitted within
 * {@code medical.door.<severity>} escalates to the district's health officer and the city, with the hospital named.
 * Fired by the platform's deadline worker (kind {@value AdmissionService#DOOR}, subject the offer id) in its
 * transaction; the admission or a refusal cancels it. The request's row is taken with {@code SKIP LOCKED}: a hospital
 * admitting the patient at this very moment holds it, and the deadline waits for the next poll ({@code BUSY}), which
 * then finds the patient admitted. The request moves up to the district (if lower); the district and the city are
 * notified (their webhooks after the commit through {@link WebhookDeadlineHandler}).
 */
@ApplicationScoped
public class DoorDeadlineHandler implements DeadlineHandler {

    @Inject
    OfferRepository offers;

    @Inject
    RequestRepository requests;

    @Inject
    EscalationService escalation;

    @Inject
    NotificationRepository notifications;

    @Inject
    TimelineRepository timeline;

    @Inject
    WebhookNotifier webhook;

    @Inject
    WebhookDeadlineHandler webhooks;

    @Inject
    MedicalConfig config;

    @Inject
    Clock clock;

    @Inject
    OutboxRelay relay;

    @Override
    public String kind() {
        return AdmissionService.DOOR;
    }

    @Override
    public Outcome fire(Connection c, Deadline deadline) throws SQLException {
        long offer = Long.parseLong(deadline.subject());
        Optional<AtDoor> locked = offers.lockAtDoor(c, offer);
        if (locked.isEmpty()) {
            return offers.exists(c, offer) ? Outcome.BUSY : Outcome.FIRED;
        }
        AtDoor door = locked.get();
        if (!"arrived".equals(door.state())) {
            return Outcome.FIRED; // admitted, refused or withdrawn meanwhile
        }
        RequestRow row = requests.row(c, door.request(), false).orElseThrow();
        Instant now = clock.instant();
        long minutes = config.door().getOrDefault(row.severity(), Duration.ofMinutes(30)).toMinutes();
        String message = Texts.of("door.overdue", door.hospitalName(), minutes).zh();
        long district;
        if (Levels.rank(row.level()) < Levels.rank("district")) {
            district = escalation.escalateTo(c, row.id(), row.household(), row.path(), row.level(), "district",
                    EscalationService.Cause.hospital("door", message, null)).notificationId();
        } else {
            district = notifications.add(c, row.id(), null, "district", Levels.code(row.path(), "district"),
                    Levels.path(row.path(), "district"), message, webhook.enabled());
            timeline.add(c, row.id(), "door-overdue", row.level(), "system", message, now);
        }
        long city = notifications.add(c, row.id(), null, "city", Levels.code(row.path(), "city"),
                Levels.path(row.path(), "city"), message, webhook.enabled());
        webhooks.schedule(c, district, now);
        webhooks.schedule(c, city, now);
        return Outcome.FIRED;
    }

    @Override
    public void afterCommit(List<Deadline> fired) {
        relay.wake();
    }
}
