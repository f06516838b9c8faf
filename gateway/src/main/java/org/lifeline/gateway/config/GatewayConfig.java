package org.lifeline.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's routing table: an allowlist of path prefixes, each to one upstream service with its
 * own roles, timeout, concurrency limit and circuit breaker. A new service needs config, not code:
 * {@code gateway.routes.<service>.prefix=/api/<service>} and {@code ...upstream=http://host:port}.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    Map<String, Route> routes();

    /** Rate-limit classes by name; each route names its class. */
    Map<String, RateClass> rateLimits();

    /**
     * Proxies whose {@code X-Forwarded-For} is believed (address or CIDR range each, e.g. the ingress controller's
     * pod range). Empty, the default: every caller is limited by its TCP peer address and the header is ignored.
     */
    Optional<List<String>> trustedProxies();

    /** The household overview fan-out. */
    Overview overview();

    /** The merged API document. */
    ApiDocs apiDocs();

    /** The web portal the gateway serves at {@code /} (module {@code portal}). */
    Portal portal();

    /** Largest request body the gateway accepts and forwards. */
    @WithDefault("2M")
    io.quarkus.runtime.configuration.MemorySize maxBodySize();

    interface Route {

        /** Path prefix, e.g. {@code /api/residents}; requests keep their full path upstream. */
        String prefix();

        /** Base URL of the upstream service. */
        URI upstream();

        /** Realm roles allowed through; empty: any authenticated caller. Services check again. */
        Optional<List<String>> roles();

        /** How long one upstream call may take before the caller gets 504. */
        @WithDefault("5s")
        Duration timeout();

        /**
         * Exact GET paths of this route served without a token (e.g. co-governance's pass JWKS, fetched by a
         * guard's phone); rate-limited per client address (see {@link RateClass#anonymous()}). Empty: every path needs a token.
         */
        Optional<List<String>> publicPaths();

        /**
         * Exact POST paths of this route served without a token: inbound webhooks whose sender signs each body, the
         * upstream checking the signature (the hotline's SMS/WeChat messages); rate-limited per client address like
         * {@link #publicPaths()}. Empty: none.
         */
        Optional<List<String>> publicWebhooks();

        /** Calls in flight to this upstream at once (bulkhead). */
        @WithDefault("64")
        int maxConcurrent();

        /** Calls that may wait for a free slot; beyond that: 503 at once. */
        @WithDefault("32")
        int queueSize();

        CircuitBreaker circuitBreaker();

        /** Calls slower than this count as failures for the breaker (the answer still goes back). */
        Optional<Duration> slowCallThreshold();

        /** Retry once, with jitter, on a connection failure or a 502/503, for idempotent methods only. */
        @WithDefault("true")
        boolean retry();

        /** Which {@link #rateLimits()} class applies. */
        @WithDefault("standard")
        String rateClass();

        /** Merge the service's OpenAPI document ({@code /q/openapi}) into the gateway's. */
        @WithDefault("true")
        boolean openapi();

        /** Paths of this route whose bodies are streamed instead of buffered (large uploads and downloads). */
        Streaming streaming();
    }

    /**
     * Streaming paths of one route: request bodies are piped to the upstream as they arrive and answers
     * piped back, neither held in the gateway's memory. Same token, role, rate-limit, header and
     * breaker rules as the rest of the route; their own body limit and timeout; never retried.
     */
    interface Streaming {

        /** Path prefixes under the route's prefix, e.g. {@code /api/residents/imports}; none: nothing streamed. */
        Optional<List<String>> paths();

        /** Largest request body on these paths (declared Content-Length checked first, streamed bytes counted). */
        @WithDefault("256M")
        io.quarkus.runtime.configuration.MemorySize maxBodySize();

        /** How long one streamed exchange may take in all: upload, the upstream's work and the download. */
        @WithDefault("10m")
        Duration timeout();

        /** Streamed exchanges in flight at once on this route; each holds one of its bulkhead slots throughout. */
        @WithDefault("8")
        int maxConcurrent();
    }

    /**
     * Requests allowed per caller in one class: users (by token subject), partners (by client), and callers
     * without a token on a route's public paths (by client address).
     */
    interface RateClass {

        Limit users();

        Limit partners();

        Anonymous anonymous();
    }

    /**
     * Callers without a token: each client address has its own bucket of {@code limit}, and all of them together
     * draw on one bucket of {@code shared-limit} (what the upstream is protected with). A client only draws on the
     * shared bucket while its own has tokens, so one client takes at most {@code limit} of it per period and cannot
     * keep the others from fetching.
     */
    interface Anonymous {

        /** Requests per period for one client address. */
        @WithDefault("60")
        long limit();

        /** Requests per period for all anonymous callers of the class together; larger than {@code limit}. */
        @WithDefault("6000")
        long sharedLimit();

        @WithDefault("1m")
        Duration period();
    }

    interface Limit {

        /** Requests per period (a token bucket of this size, refilled greedily over the period). */
        long limit();

        @WithDefault("1m")
        Duration period();
    }

    interface Overview {

        /** The whole overview answers within this, with whatever parts arrived. */
        @WithDefault("2s")
        Duration deadline();

        /** Parts by name: which route they go through and which path (with {id}) they call. */
        Map<String, Part> parts();

        interface Part {
            String route();

            String path();

            /** The part that owns the household: its 401/403/404 is the overview's answer. */
            @WithDefault("false")
            boolean owner();
        }
    }

    interface ApiDocs {

        /** How long the merged document is kept before the services are asked again. */
        @WithDefault("60s")
        Duration cacheFor();
    }

    /**
     * What the portal's browser code needs to sign in: Keycloak's realm URL as the browser reaches it (it may
     * differ from the URL the gateway validates tokens against, e.g. inside Kubernetes) and the public client.
     */
    interface Portal {

        /** The realm URL for the browser, e.g. {@code http://localhost:8180/realms/lifeline}. */
        String authUrl();

        /** The public OIDC client (authorization code + PKCE). */
        @WithDefault("lifeline-portal")
        String clientId();
    }

    interface CircuitBreaker {

        /** Share of failed calls in the rolling window that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** Size of the rolling window (calls). */
        @WithDefault("10")
        int requestVolumeThreshold();

        /** How long the breaker stays open before it lets probe calls through. */
        @WithDefault("5s")
        Duration delay();

        /** Successful probes needed to close it again. */
        @WithDefault("2")
        int successThreshold();
    }
}
