package org.lifeline.gateway.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.concurrent.TimeUnit;

/**
 * Identities of tokens this gateway has already verified, so a caller's next requests with the same
 * token skip the signature check and JSON parsing (the gateway's largest CPU cost under load). The key
 * is the whole token, signature included, so only a byte-identical token hits; an entry lives until
 * the token's {@code exp} and at most five minutes. Revocation is unchanged: local JWT validation
 * never saw it either. The services verify every token themselves regardless.
 */
@ApplicationScoped
public class VerifiedTokens {

    private static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final Cache<String, SecurityIdentity> cache = Caffeine.newBuilder()
            .maximumSize(20_000) // about 10 MB of parsed tokens at most
            .expireAfter(new Expiry<String, SecurityIdentity>() {
                @Override
                public long expireAfterCreate(String token, SecurityIdentity identity, long now) {
                    return nanosLeft(identity);
                }

                @Override
                public long expireAfterUpdate(String token, SecurityIdentity identity, long now, long current) {
                    return nanosLeft(identity);
                }

                @Override
                public long expireAfterRead(String token, SecurityIdentity identity, long now, long current) {
                    return current;
                }
            })
            .build();

    /** The verified identity of this bearer token, or null if it must be verified. */
    public SecurityIdentity get(String token) {
        SecurityIdentity identity = cache.getIfPresent(token);
        return identity != null && nanosLeft(identity) > 0 ? identity : null;
    }

    public void put(String token, SecurityIdentity identity) {
        if (nanosLeft(identity) > 0) {
            cache.put(token, identity);
        }
    }

    private static long nanosLeft(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
            long left = TimeUnit.SECONDS.toNanos(jwt.getExpirationTime()) - TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
            return Math.max(0, Math.min(left, MAX_NANOS));
        }
        return 0;
    }
}
