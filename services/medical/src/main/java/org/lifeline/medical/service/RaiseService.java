package org.lifeline.medical.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.medical.api.MedicalApi.RaiseRequest;
import org.lifeline.medical.api.MedicalApi.RequestView;
import org.lifeline.medical.config.MedicalConfig;
import org.lifeline.medical.config.Texts;
import org.lifeline.medical.event.MedicalRequestRaised;
import org.lifeline.medical.model.Household;
import org.lifeline.medical.model.Levels;
import org.lifeline.medical.model.Stages;
import org.lifeline.medical.model.Triage;
import org.lifeline.medical.repository.HouseholdRepository;
import org.lifeline.medical.repository.NotificationRepository;
import org.lifeline.medical.repository.RequestRepository;
import org.lifeline.medical.repository.StageDeadlineRepository;
import org.lifeline.medical.repository.TimelineRepository;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.problem.ProblemType;
import org.lifeline.platform.security.Caller;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Raising a request: the household (a resident's own, or one a staff member names inside their areas), triage,
 * the deadline of every stage from now (durable: platform deadlines), the community notified, the timeline and
 * {@code MedicalRequestRaised}, in one transaction. An {@code Idempotency-Key} is kept on the request itself
 * (scoped to the caller): the same key and body answer with the request again, another body is 422. The key is
 * not {@code JdbcIdempotency}'s table on purpose: a replay re-reads the request through the access rules (and
 * audits the read) instead of replaying a stored copy of its medical details.
 */
@ApplicationScoped
public class RaiseService {

    @Inject
    Transactions tx;

    @Inject
    RequestChanges changes;

    @Inject
    ObjectMapper mapper;

    @Inject
    MedicalConfig config;

    @Inject
    PlaceScopes places;

    @Inject
    HouseholdRepository households;

    @Inject
    RequestRepository requests;

    @Inject
    NotificationRepository notifications;

    @Inject
    TimelineRepository timeline;

    @Inject
    StageDeadlineRepository deadlines;

    @Inject
    WebhookNotifier webhook;

    /** A request just raised, and its community notification (null when a repeated key replays one). */
    record Raised(UUID id, Long notification) {
    }

    /**
     * What a new request is raised with: its household (already checked), category and severity, details (the contact
     * null when none is known), who raised it, the caller's {@code Idempotency-Key} and body hash, the hotline ticket.
     */
    record Raising(Household household, String category, String severity, String description, String answersJson,
            String contactName, String contactPhone, String raisedBy, String raisedBySubject, String idempotencyKey,
            String requestHash, UUID ticketId) {
    }

    /** @return the new request, or the first one again for a repeated {@code Idempotency-Key} */
    public RequestView raise(Caller caller, RaiseRequest body, String idempotencyKey, String httpRequestId) {
        if (!Triage.CATEGORIES.contains(body.category())) {
            throw ProblemException.invalidField("category", Texts.of("raise.category-invalid", Triage.CATEGORIES));
        }
        String hash = hash(body);
        Raised raised;
        try {
            raised = tx.call(c -> {
                if (idempotencyKey != null && !requests.tryClaimKey(c, caller.subject(), idempotencyKey)) {
                    // the first request with this key is still being raised: say so now, never wait for it
                    throw ProblemException.conflict(Texts.of("idempotency.in-flight"));
                }
                Optional<UUID> earlier = replay(c, caller, idempotencyKey, hash);
                return earlier.isPresent() ? new Raised(earlier.get(), null) : insert(c, caller, body, idempotencyKey, hash);
            });
        } catch (IllegalStateException e) {
            if (idempotencyKey != null && e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                // the same key committed meanwhile by a concurrent retry: replay it
                Optional<UUID> earlier = tx.read(c -> replay(c, caller, idempotencyKey, hash));
                if (earlier.isPresent()) {
                    return changes.committed(caller, earlier.get(), null, httpRequestId);
                }
            }
            throw e;
        }
        return changes.committed(caller, raised.id(), raised.notification(), httpRequestId);
    }

    private Raised insert(Connection c, Caller caller, RaiseRequest body, String idempotencyKey, String hash)
            throws SQLException {
        Household household = household(c, caller, body);
        return open(c, new Raising(household, body.category(), Triage.severity(body.category(), body.answers()),
                body.description(), json(body.answers() == null ? Map.of() : body.answers()), body.contact().name(),
                body.contact().phone(), caller.username(), caller.subject(), idempotencyKey,
                idempotencyKey == null ? null : hash, null));
    }

    /**
     * A new request for a household of the read model, in the caller's transaction, whoever raises it (a caller, or
     * the hotline's ticket): the deadline of every stage from now, the community notified, the timeline and
     * {@code MedicalRequestRaised}. The notification's webhook is the caller's to send after the commit.
     */
    Raised open(Connection c, Raising r) throws SQLException {
        Household household = r.household();
        boolean infection = households.infected(c, household.id());
        UUID id = UUID.randomUUID();
        String communityCode = Levels.code(household.path(), "community");
        Instant raisedAt = changes.now();
        requests.add(c, new RequestRepository.NewRequest(id, household, r.category(), r.severity(), r.description(),
                r.answersJson(), r.contactName(), r.contactPhone(), communityCode, infection, r.raisedBy(),
                r.raisedBySubject(), r.idempotencyKey(), r.requestHash(), raisedAt));
        MedicalConfig.Sla sla = config.sla().get(r.severity());
        for (String stage : Stages.STAGES) {
            deadlines.add(c, id, stage, "community", raisedAt.plus(sla.of(stage)));
        }
        String from = r.ticketId() == null ? "" : " from hotline ticket " + r.ticketId();
        timeline.add(c, id, "raised", "community", r.raisedBy(),
                "Raised" + from + " (" + r.category() + "), triaged " + r.severity(), raisedAt);
        if (infection) {
            timeline.add(c, id, "infection-control", "community", "testing",
                    "A household member tested positive: infection control for transport and admission", raisedAt);
        }
        long notification = notifications.add(c, id, null, "community", communityCode,
                Levels.path(household.path(), "community"), "New " + r.severity() + " request (" + r.category() + ")",
                webhook.enabled());
        changes.publish(c, MedicalRequestRaised.TYPE, id, new MedicalRequestRaised(id, household.id(), household.path(),
                r.category(), r.severity(), "community", communityCode, infection, RequestChanges.utc(raisedAt),
                r.ticketId()));
        return new Raised(id, notification);
    }

    /** A resident's own household; the household a staff member names, inside their areas (else 404). */
    private Household household(Connection c, Caller caller, RaiseRequest body) throws SQLException {
        if (caller.isResident() && !caller.isStaff()) {
            if (caller.household() == null || body.householdId() != null) {
                throw ProblemException.forbidden(Texts.of("raise.own-household-only"));
            }
            return households.byCode(c, caller.household())
                    .orElseThrow(() -> ProblemException.notFound("Household", caller.household()));
        }
        if (body.householdId() == null) {
            throw ProblemException.invalidField("householdId", Texts.of("raise.household-required"));
        }
        return households.byId(c, body.householdId()).filter(h -> places.within(caller, h.path()))
                .orElseThrow(() -> ProblemException.notFound("Household", body.householdId()));
    }

    /** The request this caller raised with this key and body, if any; 422 for the key with another body. */
    private Optional<UUID> replay(Connection c, Caller caller, String key, String hash) throws SQLException {
        if (key == null) {
            return Optional.empty();
        }
        Optional<RequestRepository.Keyed> keyed = requests.byIdempotencyKey(c, caller.subject(), key);
        if (keyed.isPresent() && !hash.equals(keyed.get().requestHash())) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, Texts.of("idempotency.other-body"));
        }
        return keyed.map(RequestRepository.Keyed::id);
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw ProblemException.invalidField("answers", Texts.of("raise.answers-invalid"));
        }
    }

    private String hash(RaiseRequest body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(mapper.writeValueAsString(body)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
