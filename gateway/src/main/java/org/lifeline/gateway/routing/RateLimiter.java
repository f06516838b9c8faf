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
 * token subject, a partner by its OAuth client ({@code azp} of a service-account token). Buckets
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

    /** A caller without a token (a route's public paths), limited by its address with the users' limit. */
    public Decision checkAnonymous(String rateClass, String address) {
        GatewayConfig.RateClass limits = config.rateLimits().get(rateClass);
        if (limits == null) {
            throw new IllegalStateException("No rate-limit class '" + rateClass + "' (gateway.rate-limits." + rateClass + ")");
        }
        GatewayConfig.Limit limit = limits.users();
        Bucket bucket = buckets.get(rateClass + "|anonymous:" + address, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.limit()).refillGreedy(limit.limit(), limit.period()).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return new Decision(probe.isConsumed(), limit.limit(), probe.getRemainingTokens(),
                seconds(probe.getNanosToWaitForReset()), seconds(probe.getNanosToWaitForRefill()), "anonymous");
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
