package org.lifeline.cogovernance.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.cogovernance.api.PassApi.IssueRequest;
import org.lifeline.cogovernance.api.PassApi.Pass;
import org.lifeline.cogovernance.api.PassApi.Revocations;
import org.lifeline.cogovernance.api.PassApi.Revoked;
import org.lifeline.cogovernance.api.PassApi.Verification;
import org.lifeline.cogovernance.config.Texts;
import org.lifeline.cogovernance.model.PassVerifier;
import org.lifeline.cogovernance.repository.PassRepository;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Caller;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Essential-worker passes: issued by staff over areas inside their own and a time window, signed (Ed25519 JWS),
 * revocable. The token is returned when issued; the service keeps what is needed to list and revoke. Whether a
 * pass is still valid (issuing, the revocation list, verifying) is decided by the injected {@link Clock}.
 */
@ApplicationScoped
public class PassService {

    @Inject
    Transactions tx;

    @Inject
    PassRepository repository;

    @Inject
    PassKeys keys;

    @Inject
    PlaceScopes places;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    @ConfigProperty(name = "cogovernance.pass.issuer")
    String issuer;

    @ConfigProperty(name = "cogovernance.pass.max-validity")
    Duration maxValidity;

    public Pass issue(Caller caller, IssueRequest request) {
        List<String> codes = request.areaCodes().stream().distinct().toList();
        List<String> paths = places.requireWithin(caller, "areaCodes", codes);
        Instant from = request.validFrom().toInstant();
        Instant until = request.validUntil().toInstant();
        Instant now = clock.instant();
        if (!until.isAfter(from)) {
            throw ProblemException.invalidField("validUntil", Texts.of("pass.until-after-from"));
        }
        if (!until.isAfter(now)) {
            throw ProblemException.invalidField("validUntil", Texts.of("field.future"));
        }
        if (Duration.between(from, until).compareTo(maxValidity) > 0) {
            throw ProblemException.invalidField("validUntil", Texts.of("pass.max-validity", maxValidity.toDays()));
        }
        UUID id = UUID.randomUUID();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "EdDSA");
        header.put("typ", "lifeline-pass+jwt");
        header.put("kid", keys.keyId());
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("jti", id.toString());
        claims.put("sub", request.holderRef() == null ? id.toString() : request.holderRef());
        claims.put("name", request.holderName());
        claims.put("kind", request.holderKind());
        claims.put("areas", codes);
        claims.put("paths", paths);
        claims.put("iat", now.getEpochSecond());
        claims.put("nbf", from.getEpochSecond());
        claims.put("exp", until.getEpochSecond());
        String token = keys.sign(b64(header) + "." + b64(claims));
        OffsetDateTime validFrom = OffsetDateTime.ofInstant(Instant.ofEpochSecond(from.getEpochSecond()), ZoneOffset.UTC);
        OffsetDateTime validUntil = OffsetDateTime.ofInstant(Instant.ofEpochSecond(until.getEpochSecond()), ZoneOffset.UTC);
        OffsetDateTime issuedAt = tx.call(c -> repository.insert(c, id, request.holderName(), request.holderKind(), request.holderRef(),
                codes, paths, validFrom, validUntil, keys.keyId(), caller.username()));
        return new Pass(id, request.holderName(), request.holderKind(), request.holderRef(), codes, validFrom, validUntil, keys.keyId(),
                caller.username(), issuedAt, null, null, token);
    }

    /** Revokes a pass visible to the caller (all its areas inside theirs); revoking twice keeps the first. */
    public Pass revoke(Caller caller, UUID id, String reason) {
        Pass pass = get(caller, id);
        tx.run(c -> repository.revoke(c, id, caller.username(), reason));
        return get(caller, pass.id());
    }

    public Pass get(Caller caller, UUID id) {
        List<String> mine = places.paths(caller);
        return tx.read(c -> repository.byId(c, id))
                .filter(p -> p.areaPaths().stream().allMatch(path -> AreaPaths.within(mine, path)))
                .map(PassRepository.Stored::pass)
                .orElseThrow(() -> ProblemException.notFound("Pass", id));
    }

    /** Passes with an area inside the caller's areas, newest first. */
    public PageView<Pass> list(Caller caller, int page, int size) {
        List<String> mine = places.paths(caller);
        return tx.read(c -> PageView.of(repository.list(c, mine, page, size), page, size, repository.count(c, mine)));
    }

    /** Revoked passes that have not expired yet (expired ones are refused anyway). Public. */
    public Revocations revocations() {
        List<Revoked> revoked = tx.read(c -> repository.revokedValidAfter(c, OffsetDateTime.now(clock)));
        // the version depends on the entries only: a phone's If-None-Match stays valid until one is added or expires
        StringBuilder entries = new StringBuilder();
        OffsetDateTime changedAt = null;
        for (Revoked r : revoked) {
            entries.append(r.passId()).append('|').append(r.revokedAt().toInstant()).append('|')
                    .append(r.validUntil().toInstant()).append('\n');
            changedAt = changedAt == null || r.revokedAt().isAfter(changedAt) ? r.revokedAt() : changedAt;
        }
        return new Revocations(PassKeys.digest(entries.toString()), changedAt, revoked);
    }

    /** Verifies as a guard's phone does: with the published keys and revocation list only. */
    public Verification verify(String token, String checkpointCode) {
        String checkpointPath = places.path(checkpointCode).orElse(null);
        PassVerifier verifier;
        try {
            verifier = PassVerifier.of(mapper.writeValueAsString(keys.jwks()), mapper.writeValueAsString(revocations()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        PassVerifier.Result result = verifier.verify(token, checkpointCode, checkpointPath, clock.instant());
        PassVerifier.Claims claims = result.claims();
        return new Verification(result.verdict().name().toLowerCase().replace('_', '-'), result.valid(), result.reason(),
                result.reasonZh(), claims == null ? null : UUID.fromString(claims.passId()),
                claims == null ? null : claims.holderName(), claims == null ? null : claims.holderKind(),
                claims == null ? null : claims.areaCodes(),
                claims == null ? null : OffsetDateTime.ofInstant(claims.validUntil(), ZoneOffset.UTC));
    }

    private String b64(Object json) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mapper.writeValueAsString(json).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
