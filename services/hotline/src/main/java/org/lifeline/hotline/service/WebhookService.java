package org.lifeline.hotline.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.jboss.logging.Logger;
import org.lifeline.hotline.api.HotlineApi.IntakeResult;
import org.lifeline.hotline.api.HotlineApi.UnmatchedMessage;
import org.lifeline.hotline.api.HotlineApi.WebhookMessage;
import org.lifeline.hotline.api.HotlineApi.WebhookResult;
import org.lifeline.hotline.client.ResidentsPhoneLookup;
import org.lifeline.hotline.config.HotlineConfig;
import org.lifeline.hotline.config.Texts;
import org.lifeline.hotline.model.Household;
import org.lifeline.hotline.model.WebhookSignature;
import org.lifeline.hotline.repository.HouseholdRepository;
import org.lifeline.hotline.repository.MessageRepository;
import org.lifeline.hotline.service.IntakeService.NewContact;
import jakarta.ws.rs.core.Response;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.problem.ProblemType;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Messages from the SMS / WeChat gateway: the signature checked first (401 otherwise), then the message kept
 * ({@code inbound_message}, once per messageId: a repeat is a no-op) before anything else can fail, then matched to
 * a household by phone through residents ({@link ResidentsPhoneLookup}, outside any transaction) and taken in like
 * any other contact. A message no single household is found for, or found while residents cannot answer, stays in
 * the unmatched queue with the reason: never dropped.
 */
@ApplicationScoped
public class WebhookService {

    private static final Logger LOG = Logger.getLogger(WebhookService.class);

    @Inject
    HotlineConfig config;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper mapper;

    @Inject
    Validator validator;

    @Inject
    Transactions tx;

    @Inject
    MessageRepository messages;

    @Inject
    PlaceScopes places;

    @Inject
    HouseholdRepository households;

    @Inject
    IntakeService intake;

    @Inject
    ResidentsPhoneLookup lookup;

    public WebhookResult receive(String timestamp, String signature, String body) {
        if (!WebhookSignature.valid(config.webhook().secret().orElse(null), timestamp, signature, body, clock.instant(),
                config.webhook().maxSkew())) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, Texts.of("webhook.signature"));
        }
        WebhookMessage m = parse(body);
        String from = WebhookSignature.normalisePhone(m.from());
        boolean fresh = tx.call(c -> messages.keep(c, m.messageId(), m.channel(), from, m.text(), m.category(), clock.instant()));
        if (!fresh) {
            String[] seen = tx.read(c -> messages.status(c, m.messageId()));
            return new WebhookResult(m.messageId(), "duplicate", seen == null || seen[1] == null ? null : UUID.fromString(seen[1]));
        }
        List<ResidentsPhoneLookup.Match> matches;
        try {
            matches = lookup.byPhone(from);
        } catch (RuntimeException e) {
            LOG.warnf("webhook message %s kept unmatched: phone lookup unavailable (%s)", m.messageId(), e.getMessage());
            return unmatched(m, "phone lookup unavailable");
        }
        if (matches.size() != 1) {
            return unmatched(m, matches.isEmpty() ? "no household with this phone" : matches.size() + " households with this phone");
        }
        ResidentsPhoneLookup.Match match = matches.get(0);
        return tx.call(c -> {
            Household h = households.byId(c, match.householdId())
                    .orElse(new Household(match.householdId(), match.householdCode(), match.placePath()));
            IntakeResult taken = intake.take(c, h, new NewContact(m.category() == null ? "other" : m.category(), "general",
                    m.channel(), m.text(), from, "webhook:" + m.channel()));
            messages.matched(c, m.messageId(), taken.ticket().id());
            return new WebhookResult(m.messageId(), "matched", taken.ticket().id());
        });
    }

    /**
     * An operator puts an unmatched message on a household of their areas (404 otherwise): taken in like any contact
     * (its channel, text and sender), the message then points to the ticket. A message already matched or assigned: 409.
     */
    public Response assign(Caller caller, String messageId, UUID householdId, String category) {
        return tx.call(c -> {
            MessageRepository.Unmatched m = messages.lockUnmatched(c, messageId)
                    .orElseThrow(() -> ProblemException.conflict(Texts.of("webhook.not-unmatched", messageId)));
            Household h = households.byId(c, householdId).filter(x -> places.within(caller, x.path()))
                    .orElseThrow(() -> ProblemException.notFound("Household", householdId));
            String cat = category != null ? category : m.category() != null ? m.category() : "other";
            IntakeResult taken = intake.take(c, h, new NewContact(cat, "general", m.channel(), m.text(), m.from(),
                    caller.username()));
            messages.assigned(c, messageId, taken.ticket().id(), caller.username());
            return taken.merged() ? Response.ok(taken).build()
                    : Response.created(URI.create("/api/hotline/tickets/" + taken.ticket().id())).entity(taken).build();
        });
    }

    public List<UnmatchedMessage> unmatched(int limit) {
        return tx.read(c -> messages.unmatched(c, limit));
    }

    private WebhookResult unmatched(WebhookMessage m, String reason) {
        tx.run(c -> messages.unmatched(c, m.messageId(), reason));
        return new WebhookResult(m.messageId(), "unmatched", null);
    }

    private WebhookMessage parse(String body) {
        WebhookMessage m;
        try {
            m = mapper.readValue(body, WebhookMessage.class);
        } catch (IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_BODY, Texts.of("webhook.malformed"));
        }
        Set<ConstraintViolation<WebhookMessage>> violations = validator.validate(m);
        if (!violations.isEmpty()) {
            ConstraintViolation<WebhookMessage> v = violations.iterator().next();
            throw ProblemException.invalidField(v.getPropertyPath().toString(), Texts.of("webhook.field"));
        }
        return m;
    }
}
