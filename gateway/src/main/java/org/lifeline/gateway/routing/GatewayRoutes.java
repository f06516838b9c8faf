package org.lifeline.gateway.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import org.lifeline.gateway.config.GatewayConfig;
import org.lifeline.gateway.config.Texts;
import org.lifeline.gateway.proxy.StreamedExchange;
import org.lifeline.gateway.proxy.StreamingUpstreamClient;
import org.lifeline.gateway.proxy.UpstreamClient;
import org.lifeline.gateway.proxy.UpstreamRequest;
import org.lifeline.gateway.proxy.UpstreamResponse;
import org.lifeline.platform.problem.ProblemType;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The gateway's routes, built from {@link GatewayConfig} at start: for each service, its prefix is
 * proxied to its upstream after the token was validated (Keycloak, via quarkus-oidc), the route's
 * roles were checked and the caller's rate limit allowed it, inside the service's own
 * {@link RouteGuard}. Any other {@code /api/} path is 404. Every error the gateway makes itself is
 * problem+json; upstream answers pass through unchanged.
 * <p>
 * Bodies are buffered (within {@link BodyLimit#bytes()}), except on a route's streaming paths
 * ({@link StreamingPaths}): there the same checks run while the request is paused, then the body is
 * piped to the upstream and the answer piped back ({@link StreamedExchange}), with the streaming
 * body limit and timeout, never retried.
 */
@ApplicationScoped
public class GatewayRoutes {

    private static final Logger LOG = Logger.getLogger(GatewayRoutes.class);
    /** Headers the gateway forwards upstream; everything else stays at the edge. */
    static final Set<String> FORWARDED = Set.of("authorization", "accept", "accept-language", "content-type",
            "idempotency-key", "if-match", "if-none-match", "x-request-id", "traceparent", "tracestate",
            // a public webhook's signature and its time (hotline: HMAC-SHA256 of timestamp + "." + body), checked upstream
            "x-lifeline-signature", "x-lifeline-timestamp");
    /** Hop-by-hop headers (RFC 9110 section 7.6.1) never go back to the caller. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "content-length");
    private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A compact JWS: header and payload present, base64url; the signature may be empty (then refused by oidc). */
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    @Inject
    GatewayConfig config;

    @Inject
    UpstreamClient client;

    @Inject
    IdentityProviderManager identities;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    VerifiedTokens verifiedTokens;

    @Inject
    Responses responses;

    @Inject
    MeterRegistry registry;

    @Inject
    BodyLimit bodyLimit;

    @Inject
    StreamingPaths streamingPaths;

    @Inject
    StreamingUpstreamClient streamingClient;

    @Inject
    ClientAddresses clientAddresses;

    /** Set on a streaming request whose body was not read to the end when the answer started: close after it. */
    private static final String CLOSE_AFTER_ANSWER = "lifeline.gateway.close-after-answer";

    private final Map<String, RouteGuard> guards = new LinkedHashMap<>();

    void register(Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(bodyLimit.bytes());
        config.routes().forEach((service, route) -> {
            if (!config.rateLimits().containsKey(route.rateClass())) {
                throw new IllegalStateException("Route " + service + " names rate class '" + route.rateClass()
                        + "' but gateway.rate-limits." + route.rateClass() + " is not configured");
            }
            RouteGuard guard = new RouteGuard(service, route, registry);
            guards.put(service, guard);
            String prefix = route.prefix().replaceAll("/+$", "");
            // streaming paths first: they lie under the prefix, and the first matching route wins
            for (StreamingPaths.Path streaming : streamingPaths.of(service)) {
                for (String path : List.of(streaming.prefix(), streaming.prefix() + "/*")) {
                    router.route(path)
                            .handler(this::holdBody)
                            .handler(rc -> measure(rc, service, STREAMS_METER))
                            .handler(rc -> {
                                Context context = Vertx.currentContext();
                                authenticate(rc, identity -> admit(rc, service, route, identity, () ->
                                        stream(rc, context, route, guard, streaming)));
                            })
                            .failureHandler(this::failure);
                }
                LOG.infof("Route %s/** streamed -> %s (max body %d bytes, timeout %s, max %d concurrent)",
                        streaming.prefix(), route.upstream(), bodyLimit.streamingBytes(route),
                        route.streaming().timeout(), route.streaming().maxConcurrent());
            }
            // public GET paths before the prefix: served without a token, limited per client address and all together
            for (String path : route.publicPaths().orElse(List.of())) {
                if (!path.startsWith(prefix + "/")) {
                    throw new IllegalStateException("Public path " + path + " of route " + service + " is not under " + prefix);
                }
                router.get(path)
                        .handler(body)
                        .handler(rc -> measure(rc, service, REQUESTS_METER))
                        .handler(rc -> limit(rc, service, rateLimiter.checkAnonymous(route.rateClass(),
                                clientAddresses.of(rc.request())),
                                () -> forward(rc, route, guard, null)))
                        .failureHandler(this::failure);
                LOG.infof("Route GET %s -> %s without a token", path, route.upstream());
            }
            // public webhooks: POST without a token (the sender signs the body; the upstream checks it), limited like the above
            for (String path : route.publicWebhooks().orElse(List.of())) {
                if (!path.startsWith(prefix + "/")) {
                    throw new IllegalStateException("Public webhook " + path + " of route " + service + " is not under " + prefix);
                }
                router.post(path)
                        .handler(body)
                        .handler(rc -> measure(rc, service, REQUESTS_METER))
                        .handler(rc -> limit(rc, service, rateLimiter.checkAnonymous(route.rateClass(),
                                clientAddresses.of(rc.request())),
                                () -> forward(rc, route, guard, null)))
                        .failureHandler(this::failure);
                LOG.infof("Route POST %s -> %s without a token (signed webhook)", path, route.upstream());
            }
            for (String path : List.of(prefix, prefix + "/*")) {
                router.route(path)
                        .handler(body)
                        .handler(rc -> measure(rc, service, REQUESTS_METER))
                        .handler(rc -> authenticate(rc, identity -> admit(rc, service, route, identity, () ->
                                forward(rc, route, guard, identity))))
                        .failureHandler(this::failure);
            }
            LOG.infof("Route %s/** -> %s (%s, timeout %s, max %d concurrent, rate class %s)", prefix, route.upstream(),
                    guard.name(), route.timeout(), route.maxConcurrent(), route.rateClass());
        });
    }

    /** Registered last (see {@link ApiRoutes}): unknown {@code /api/} paths. */
    void notFound(Router router) {
        router.route("/api/*").handler(rc -> responses.problem(rc, ProblemType.NOT_FOUND,
                Texts.of("route.none", rc.request().path())));
    }

    /** The guards by service name. */
    public Map<String, RouteGuard> guards() {
        return guards;
    }

    private final Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    static final String REQUESTS_METER = "lifeline.gateway.requests";
    /** Streamed exchanges last as long as their transfer: kept out of the request latency histogram. */
    static final String STREAMS_METER = "lifeline.gateway.streams";

    /** Per route: request count and latency by method and status class, whoever answered. */
    void measure(RoutingContext rc, String route) {
        measure(rc, route, REQUESTS_METER);
    }

    void measure(RoutingContext rc, String route, String meter) {
        long started = System.nanoTime();
        rc.addEndHandler(done -> {
            String method = rc.request().method().name();
            String status = (rc.response().getStatusCode() / 100) + "xx";
            timers.computeIfAbsent(meter + ' ' + route + ' ' + method + ' ' + status, k -> Timer.builder(meter)
                            .tag("route", route).tag("method", method).tag("status", status)
                            .publishPercentileHistogram().register(registry))
                    .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        });
        rc.next();
    }

    /**
     * Establishes the caller's identity: a token verified before (see {@link VerifiedTokens}), else
     * verified now by quarkus-oidc against the realm's keys; 401 problem otherwise.
     */
    void authenticate(RoutingContext rc, java.util.function.Consumer<SecurityIdentity> then) {
        String authorization = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        if (token != null && !COMPACT_JWS.matcher(token).matches()) {
            // not a JWT at all: quarkus-oidc would throw parsing it (".." was a 500), and no opaque token is accepted
            responses.unauthenticated(rc);
            return;
        }
        SecurityIdentity known = token == null ? null : verifiedTokens.get(token);
        if (known != null) {
            then.accept(known);
            return;
        }
        QuarkusHttpUser.getSecurityIdentity(rc, identities).subscribe().with(identity -> {
            if (identity == null || identity.isAnonymous()) {
                responses.unauthenticated(rc);
            } else {
                if (token != null) {
                    verifiedTokens.put(token, identity);
                }
                then.accept(identity);
            }
        }, failure -> responses.unauthenticated(rc));
    }

    /** Roles of the route, then the caller's rate limit; sets the RateLimit-* headers. */
    void admit(RoutingContext rc, String service, GatewayConfig.Route route, SecurityIdentity identity, Runnable then) {
        List<String> roles = route.roles().orElse(List.of());
        if (!roles.isEmpty() && roles.stream().noneMatch(identity::hasRole)) {
            responses.problem(rc, ProblemType.FORBIDDEN, Texts.of("route.role"));
            return;
        }
        limit(rc, service, rateLimiter.check(route.rateClass(), identity), then);
    }

    /** Sets the RateLimit-* headers; 429 problem when the caller is over its limit, else goes on. */
    void limit(RoutingContext rc, String service, RateLimiter.Decision decision, Runnable then) {
        rc.response().putHeader("RateLimit-Limit", Long.toString(decision.limit()))
                .putHeader("RateLimit-Remaining", Long.toString(decision.remaining()))
                .putHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
        if (!decision.allowed()) {
            Counter.builder("lifeline.gateway.ratelimit.rejected").tag("route", service)
                    .tag("caller", decision.callerKind()).register(registry).increment();
            rc.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, decision.retryAfterSeconds())));
            responses.problem(rc, ProblemType.RATE_LIMITED, Texts.of("route.rate-limited",
                    Math.max(1, decision.retryAfterSeconds())));
            return;
        }
        then.run();
    }

    private void forward(RoutingContext rc, GatewayConfig.Route route, RouteGuard guard, SecurityIdentity identity) {
        HttpServerRequest in = rc.request();
        String pathAndQuery = in.query() == null ? in.path() : in.path() + "?" + in.query();
        UpstreamRequest request = new UpstreamRequest(in.method(), route.upstream(), pathAndQuery, forwardHeaders(in),
                rc.body() == null ? null : rc.body().buffer(), route.timeout());
        send(guard, request).subscribe().with(
                response -> respond(rc, response),
                failure -> upstreamFailed(rc, guard, failure));
    }

    Uni<UpstreamResponse> send(RouteGuard guard, UpstreamRequest request) {
        return guard.call(request.method(), () -> client.send(request));
    }

    /**
     * First handler of a streaming path. Keeps the body unread while the token, roles and rate limit
     * are checked (Quarkus pauses every request before routing; this makes it explicit); it is resumed
     * only when piping starts. If the gateway or the upstream answers before the whole body was read
     * (401, 403, 429, 413, 503, or an early upstream answer), the connection is closed after the answer
     * ({@code Connection: close}), so the unread rest of the body is never taken for the next request.
     */
    void holdBody(RoutingContext rc) {
        HttpServerRequest in = rc.request();
        in.pause();
        rc.addHeadersEndHandler(v -> {
            if (mayHaveBody(in) && !in.isEnded()) {
                rc.put(CLOSE_AFTER_ANSWER, Boolean.TRUE);
                if (in.version() != HttpVersion.HTTP_2) {
                    rc.response().putHeader(HttpHeaders.CONNECTION, "close");
                }
            }
        });
        rc.addEndHandler(done -> {
            if (done.succeeded() && rc.get(CLOSE_AFTER_ANSWER) != null) {
                if (in.version() == HttpVersion.HTTP_2) {
                    rc.response().reset(); // RST_STREAM after a complete answer: stop sending (RFC 9113, 8.1)
                } else {
                    in.connection().close();
                }
            }
        });
        rc.next();
    }

    private static boolean mayHaveBody(HttpServerRequest in) {
        if (in.version() == HttpVersion.HTTP_2) {
            return true; // no header says whether DATA frames follow
        }
        String length = in.getHeader(HttpHeaders.CONTENT_LENGTH);
        return in.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || (length != null && !length.trim().equals("0"));
    }

    /** Pipes the admitted request to the upstream and its answer back, inside the route's guard. */
    private void stream(RoutingContext rc, Context context, GatewayConfig.Route route, RouteGuard guard,
            StreamingPaths.Path path) {
        HttpServerRequest in = rc.request();
        String pathAndQuery = in.query() == null ? in.path() : in.path() + "?" + in.query();
        UpstreamRequest request = new UpstreamRequest(in.method(), route.upstream(), pathAndQuery, forwardHeaders(in),
                null, route.streaming().timeout());
        long limit = bodyLimit.streamingBytes(route);
        StreamedExchange exchange = streamingClient.exchange(context, request, in, rc.response(), limit,
                GatewayRoutes::copyAnswerHeaders);
        rc.addEndHandler(done -> {
            if (done.failed()) {
                exchange.callerGone();
            }
        });
        guard.stream(exchange::run)
                .emitOn(command -> context.runOnContext(v -> command.run()))
                .subscribe().with(
                        response -> { }, // already passed on by the exchange
                        failure -> streamFailed(rc, guard, exchange, limit, failure));
    }

    private void streamFailed(RoutingContext rc, RouteGuard guard, StreamedExchange exchange, long limit,
            Throwable failure) {
        exchange.abort();
        HttpServerResponse out = rc.response();
        if (out.headWritten()) {
            // part of the answer is out: only a cut connection tells the caller it is incomplete
            if (!out.ended() && !out.closed()) {
                LOG.warnf("%s: streamed answer to %s cut off: %s", guard.name(), rc.request().path(), failure.toString());
                out.reset();
            }
            return;
        }
        if (failure instanceof StreamedExchange.CallerAborted aborted) {
            if (aborted.tooLarge()) {
                LOG.infof("%s: streamed body to %s over %d bytes, stopped", guard.name(), rc.request().path(), limit);
                bodyLimit.tooLarge(rc, limit);
            } else if (!out.closed()) {
                out.reset();
            }
            return;
        }
        upstreamFailed(rc, guard, failure);
    }

    /** The allowlisted headers of the caller's request, a traceparent, and X-Forwarded-*. */
    static MultiMap forwardHeaders(HttpServerRequest in) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        in.headers().forEach(h -> {
            if (FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        String traceparent = in.getHeader("traceparent");
        if (traceparent == null || !TRACEPARENT.matcher(traceparent).matches()) {
            headers.set("traceparent", newTraceparent());
        }
        headers.set("X-Forwarded-For", in.remoteAddress() == null ? "unknown" : in.remoteAddress().hostAddress());
        headers.set("X-Forwarded-Proto", in.scheme());
        return headers;
    }

    private void respond(RoutingContext rc, UpstreamResponse response) {
        if (rc.response().headWritten()) {
            return;
        }
        var out = rc.response().setStatusCode(response.status());
        copyAnswerHeaders(response.headers(), out.headers());
        if (response.body() == null) {
            out.end();
        } else {
            out.end(response.body());
        }
    }

    /** The upstream's answer headers that go back: not hop-by-hop, not its request id or rate-limit headers. */
    static void copyAnswerHeaders(MultiMap from, MultiMap to) {
        from.forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !name.equals("x-request-id") && !name.startsWith("ratelimit-")) {
                to.add(h.getKey(), h.getValue());
            }
        });
    }

    void upstreamFailed(RoutingContext rc, RouteGuard guard, Throwable failure) {
        if (rc.response().headWritten()) {
            return;
        }
        if (failure instanceof CircuitBreakerOpenException) {
            rc.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(guard.retryAfterSeconds()));
            responses.problem(rc, ProblemType.UPSTREAM_UNAVAILABLE, Texts.of("upstream.recovering"));
        } else if (failure instanceof BulkheadException) {
            rc.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
            responses.problem(rc, ProblemType.UPSTREAM_UNAVAILABLE, Texts.of("upstream.busy"));
        } else if (failure instanceof TimeoutException) {
            responses.problem(rc, ProblemType.UPSTREAM_TIMEOUT, Texts.of("upstream.timeout"));
        } else {
            LOG.warnf("%s: upstream call failed: %s", guard.name(), failure.toString());
            rc.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
            responses.problem(rc, ProblemType.UPSTREAM_UNAVAILABLE, Texts.of("upstream.unreachable"));
        }
    }

    void failure(RoutingContext rc) {
        if (rc.statusCode() == 413) {
            bodyLimit.tooLarge(rc);
        } else if (rc.failure() instanceof AuthenticationFailedException || rc.statusCode() == 401) {
            responses.unauthenticated(rc);
        } else {
            LOG.errorf(rc.failure(), "Gateway error on %s", rc.request().path());
            responses.problem(rc, ProblemType.INTERNAL, Texts.of("gateway.failed"));
        }
    }

    static HttpMethod method(RoutingContext rc) {
        return rc.request().method();
    }

    private static String newTraceparent() {
        byte[] trace = new byte[16];
        byte[] span = new byte[8];
        RANDOM.nextBytes(trace);
        RANDOM.nextBytes(span);
        return "00-" + HexFormat.of().formatHex(trace) + "-" + HexFormat.of().formatHex(span) + "-01";
    }
}
