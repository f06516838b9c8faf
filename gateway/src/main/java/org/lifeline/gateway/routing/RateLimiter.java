package org.lifeline.gateway.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.lifeline.gateway.config.GatewayConfig;

import java.time.Duration;

/**
 * Per-caller token buckets (Bucket4j), one per rate class and caller: a user is identified by the
 * token subject, a partner by its OAuth client ({@code azp} of a service-account token), a caller without a
 * token by its address ({@link ClientAddresses}) within a bucket all of them share. Buckets
 * live in this replica's memory (bounded, idle ones evicted); see the gateway README for how the
 * limits hold with several replicas.
 */
@ApplicationScoped
public class RateLimiter {

    /** The outcome of one check, with what the RateLimit-* headers say. */
    public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds,
            String callerKind) {
    }

    @Inject
    GatewayConfig config;

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterAccess(Duration.ofMinutes(15))
            .build();

    /** One bucket per rate class for all anonymous callers together. */
    private final java.util.Map<String, Bucket> sharedBuckets = new java.util.concurrent.ConcurrentHashMap<>();

    public Decision check(String rateClass, SecurityIdentity identity) {
        GatewayConfig.RateClass limits = config.rateLimits().get(rateClass);
        if (limits == null) {
            throw new IllegalStateException("No rate-limit class '" + rateClass + "' (gateway.rate-limits." + rateClass + ")");
        }
        String partner = partnerClient(identity);
        GatewayConfig.Limit limit = partner != null ? limits.partners() : limits.users();
        String key = rateClass + "|" + (partner != null ? "client:" + partner : "user:" + identity.getPrincipal().getName());
        Bucket bucket = buckets.get(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.limit()).refillGreedy(limit.limit(), limit.period()).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return new Decision(probe.isConsumed(), limit.limit(), probe.getRemainingTokens(),
                seconds(probe.getNanosToWaitForReset()), seconds(probe.getNanosToWaitForRefill()),
                partner != null ? "partner" : "user");
    }

    /**
     * A caller without a token (a route's public paths), limited by its address with the class's anonymous limit,
     * and all such callers together by the shared limit. The client's own bucket is asked first: a client past its
     * limit is refused without drawing on the shared bucket, so it cannot empty that for everyone else.
     */
    public Decision checkAnonymous(String rateClass, String address) {
        GatewayConfig.RateClass limits = config.rateLimits().get(rateClass);
        if (limits == null) {
            throw new IllegalStateException("No rate-limit class '" + rateClass + "' (gateway.rate-limits." + rateClass + ")");
        }
        GatewayConfig.Anonymous limit = limits.anonymous();
        Bucket own = buckets.get(rateClass + "|anonymous:" + address, k -> bucket(limit.limit(), limit.period()));
        ConsumptionProbe probe = own.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            return new Decision(false, limit.limit(), 0, seconds(probe.getNanosToWaitForReset()),
                    seconds(probe.getNanosToWaitForRefill()), "anonymous");
        }
        Bucket shared = sharedBuckets.computeIfAbsent(rateClass, k -> bucket(limit.sharedLimit(), limit.period()));
        ConsumptionProbe everyone = shared.tryConsumeAndReturnRemaining(1);
        if (!everyone.isConsumed()) {
            own.addTokens(1); // not served: the client keeps its token
            return new Decision(false, limit.limit(), probe.getRemainingTokens() + 1, seconds(everyone.getNanosToWaitForReset()),
                    seconds(everyone.getNanosToWaitForRefill()), "anonymous-shared");
        }
        return new Decision(true, limit.limit(), probe.getRemainingTokens(), seconds(probe.getNanosToWaitForReset()),
                0, "anonymous");
    }

    private static Bucket bucket(long limit, Duration period) {
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(limit).refillGreedy(limit, period).build()).build();
    }

    /** The client id of a partner's client-credentials token, or null for a person's token. */
    static String partnerClient(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object username = jwt.getClaim("preferred_username");
            if (username != null && String.valueOf(username).replace("\"", "").startsWith("service-account-")) {
                Object azp = jwt.getClaim("azp");
                return azp == null ? null : String.valueOf(azp).replace("\"", "");
            }
        }
        return null;
    }

    private static long seconds(long nanos) {
        return Math.max(0, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
