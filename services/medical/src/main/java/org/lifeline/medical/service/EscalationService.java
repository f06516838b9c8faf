package org.lifeline.medical.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.medical.api.MedicalApi.RequestView;
import org.lifeline.medical.config.Texts;
import org.lifeline.medical.event.MedicalRequestEscalated;
import org.lifeline.medical.model.EscalationStep;
import org.lifeline.medical.model.Levels;
import org.lifeline.medical.model.Stages;
import org.lifeline.medical.repository.EscalationRepository;
import org.lifeline.medical.repository.NotificationRepository;
import org.lifeline.medical.repository.RequestRepository;
import org.lifeline.medical.repository.StageDeadlineRepository;
import org.lifeline.medical.repository.TimelineRepository;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One step up the ladder (community → street → district → city) for a request whose row the caller holds locked:
 * the request's new level, the escalation row, a notification for the new level, a timeline entry and
 * {@code MedicalRequestEscalated}, all in the caller's transaction. Taken automatically when a stage deadline
 * passes ({@link StageDeadlineHandler}) or by a staff member's whistle ({@link #whistle}).
 */
@ApplicationScoped
public class EscalationService {

    @Inject
    RequestChanges changes;

    @Inject
    RequestAccess access;

    @Inject
    RequestRepository requests;

    @Inject
    EscalationRepository escalations;

    @Inject
    NotificationRepository notifications;

    @Inject
    StageDeadlineRepository deadlines;

    @Inject
    TimelineRepository timeline;

    @Inject
    WebhookNotifier webhook;

    /** A passed stage deadline, or a whistle (then {@code stage}, {@code deadlineId} and {@code dueAt} are null). */
    public record Cause(String kind, String stage, Long deadlineId, OffsetDateTime dueAt, String reason, String actor,
            Duration newDeadline) {

        static Cause whistle(String reason, String actor) {
            return new Cause("whistle", null, null, null, reason, actor, null);
        }

        /** The deadline of {@code stage} passed; the same stage is due again {@code newDeadline} after the step. */
        static Cause deadline(String stage, long deadlineId, OffsetDateTime dueAt, Duration newDeadline) {
            return new Cause("automatic", stage, deadlineId, dueAt, null, "system", newDeadline);
        }

        /**
         * A hospital's part ({@code kind} refusal: a second refusal or no hospital left; door: not admitted in time):
         * the request must be assigned at the new level, due {@code newDeadline} after the step (null: no new
         * deadline).
         */
        static Cause hospital(String kind, String reason, Duration newDeadline) {
            return new Cause(kind, newDeadline == null ? null : "assigned", null, null, reason, "system", newDeadline);
        }

        boolean automatic() {
            return "automatic".equals(kind);
        }

        /** The timeline entry's kind: escalated (a deadline), whistle, refusal-escalated, door-escalated. */
        String timelineKind() {
            return switch (kind) {
                case "automatic" -> "escalated";
                case "whistle" -> "whistle";
                default -> kind + "-escalated";
            };
        }
    }

    /** A staff member of the area blows the whistle: the request goes one level up now, with the reason. */
    public RequestView whistle(Caller caller, UUID id, String reason, String httpRequestId) {
        return changes.changeAndNotify(caller, id, httpRequestId, (c, row) -> {
            access.requireStaffWhoSee(caller, row);
            if (Stages.closed(row.status()) || Levels.next(row.level()) == null) {
                throw ProblemException.conflict(Texts.of("request.whistle-top", row.status(), row.level()));
            }
            return escalate(c, row.id(), row.household(), row.path(), row.level(),
                    Cause.whistle(reason, caller.username())).notificationId();
        });
    }

    /** The step, in the caller's transaction, for a request at {@code fromLevel} (not the city). */
    public EscalationStep escalate(Connection c, UUID request, UUID household, String placePath, String fromLevel,
            Cause cause) throws SQLException {
        return escalateTo(c, request, household, placePath, fromLevel, Levels.next(fromLevel), cause);
    }

    /** The step straight to {@code to} (above {@code fromLevel}), in the caller's transaction. */
    public EscalationStep escalateTo(Connection c, UUID request, UUID household, String placePath, String fromLevel,
            String to, Cause cause) throws SQLException {
        Instant at = changes.now();
        String code = Levels.code(placePath, to);
        requests.level(c, request, to, code, at);
        long escalation = escalations.add(c, request, cause.deadlineId(), cause.kind(), cause.stage(), fromLevel, to, code,
                cause.reason(), cause.actor(), cause.dueAt(), at);
        String message = cause.automatic()
                ? "Deadline '" + cause.stage() + "' passed at " + fromLevel + " level; the request is now yours (" + to + " "
                        + code + ")"
                : "whistle".equals(cause.kind()) ? "Whistle by " + cause.actor() + ": " + cause.reason() : cause.reason();
        long notification = notifications.add(c, request, escalation, to, code, Levels.path(placePath, to), message,
                webhook.enabled());
        if (cause.deadlineId() != null) {
            deadlines.finish(c, cause.deadlineId(), "escalated", at);
        }
        if (cause.newDeadline() != null) {
            deadlines.add(c, request, cause.stage(), to, at.plus(cause.newDeadline()));
        }
        timeline.add(c, request, cause.timelineKind(), to, cause.actor(), cause.automatic()
                ? "'" + cause.stage() + "' deadline passed at " + fromLevel + " level; escalated to " + to + " " + code
                : "Escalated to " + to + " " + code + ": " + cause.reason(), at);
        changes.publish(c, MedicalRequestEscalated.TYPE, request, new MedicalRequestEscalated(request, household,
                cause.kind(), cause.stage(), fromLevel, to, code, cause.dueAt(), RequestChanges.utc(at)));
        return new EscalationStep(request, escalation, notification, to, code);
    }
}
