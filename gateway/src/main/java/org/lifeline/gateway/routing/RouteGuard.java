package org.lifeline.gateway.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.lifeline.gateway.config.GatewayConfig;
import org.lifeline.gateway.proxy.StreamedExchange;
import org.lifeline.gateway.proxy.UpstreamResponse;

import java.net.ConnectException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The isolation of one upstream (ARCHITECTURE.md, gateway): its own bulkhead, timeout and circuit
 * breaker, named {@code gateway-<service>}. Connection failures, timeouts, 5xx answers and (if
 * configured) slow answers count as failures; 4xx answers are the caller's business and do not.
 * Idempotent methods are retried once, with jitter, after a connection failure or a 502/503.
 * All of it works on the event loop: a stalled upstream costs a parked connection, never a thread.
 * <p>
 * The three strategies are three guards nested as one guard would nest them, breaker around timeout
 * around bulkhead, so that streamed exchanges ({@link #stream}) share the route's breaker and bulkhead
 * but have their own, longer timeout. Streamed exchanges are never retried (their body cannot be
 * replayed), have no slow-call check (a large upload is slow by nature), count against
 * {@code streaming.max-concurrent} before they take a bulkhead slot, and an exchange the caller
 * aborted ({@link StreamedExchange.CallerAborted}) is no failure of the upstream.
 */
public final class RouteGuard {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(RouteGuard.class);

    /** An answer the breaker must count as a failure (5xx, or slower than the threshold) but the caller still gets. */
    static final class CountedAsFailure extends RuntimeException {
        final transient UpstreamResponse response;

        CountedAsFailure(UpstreamResponse response, String why) {
            super(why, null, false, false);
            this.response = response;
        }

        boolean retryable() {
            return response.status() == 502 || response.status() == 503;
        }
    }

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE);

    private static final TypeLiteral<Uni<UpstreamResponse>> TYPE = new TypeLiteral<Uni<UpstreamResponse>>() {
    };

    private final String service;
    private final String name;
    private final GatewayConfig.Route route;
    private final TypedGuard<Uni<UpstreamResponse>> breaker;
    private final TypedGuard<Uni<UpstreamResponse>> timeout;
    private final TypedGuard<Uni<UpstreamResponse>> streamingTimeout;
    private final TypedGuard<Uni<UpstreamResponse>> bulkhead;
    private final AtomicLong openedAt = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger streams = new AtomicInteger();
    private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;
    private final Counter bulkheadRejected;
    private final Counter retries;

    public RouteGuard(String service, GatewayConfig.Route route, MeterRegistry registry) {
        this.service = service;
        this.name = "gateway-" + service;
        this.route = route;
        this.breaker = TypedGuard.create(TYPE)
                .withDescription(name)
                .withThreadOffload(false)
                .withCircuitBreaker()
                .name(name)
                .failureRatio(route.circuitBreaker().failureRatio())
                .requestVolumeThreshold(route.circuitBreaker().requestVolumeThreshold())
                .delay(route.circuitBreaker().delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(route.circuitBreaker().successThreshold())
                .skipOn(StreamedExchange.CallerAborted.class)
                .onStateChange(this::stateChanged)
                .done()
                .build();
        this.timeout = timeout(name, route.timeout());
        this.streamingTimeout = timeout(name + "-streaming", route.streaming().timeout());
        this.bulkhead = TypedGuard.create(TYPE)
                .withDescription(name + "-bulkhead")
                .withThreadOffload(false)
                .withBulkhead().limit(route.maxConcurrent()).queueSize(route.queueSize())
                .onRejected(this::rejected).done()
                .build();
        Gauge.builder("lifeline.gateway.breaker.state", this, g -> g.state.ordinal())
                .description("0 closed, 1 open, 2 half-open").tag("route", service).register(registry);
        Gauge.builder("lifeline.gateway.upstream.in.flight", inFlight, AtomicInteger::get)
                .description("calls to the upstream in flight or waiting in its bulkhead").tag("route", service)
                .register(registry);
        Gauge.builder("lifeline.gateway.bulkhead.queue", this, g -> Math.max(0, g.inFlight.get() - route.maxConcurrent()))
                .description("calls waiting for a bulkhead slot").tag("route", service).register(registry);
        Gauge.builder("lifeline.gateway.streams.in.flight", streams, AtomicInteger::get)
                .description("streamed exchanges in flight (each also holds a bulkhead slot)").tag("route", service)
                .register(registry);
        bulkheadRejected = Counter.builder("lifeline.gateway.bulkhead.rejected").tag("route", service).register(registry);
        retries = Counter.builder("lifeline.gateway.retries").tag("route", service).register(registry);
    }

    private static TypedGuard<Uni<UpstreamResponse>> timeout(String description, Duration duration) {
        return TypedGuard.create(TYPE)
                .withDescription(description + "-timeout")
                .withThreadOffload(false)
                .withTimeout().duration(duration.toMillis(), ChronoUnit.MILLIS).done()
                .build();
    }

    private void rejected() {
        bulkheadRejected.increment();
    }

    private void stateChanged(CircuitBreakerState newState) {
        LOG.infof("Circuit breaker %s: %s -> %s", name, state, newState);
        if (newState == CircuitBreakerState.OPEN) {
            openedAt.set(System.nanoTime());
        }
        state = newState;
    }

    /** Runs the call through the guard; an answer counted as a failure is still returned to the caller. */
    public Uni<UpstreamResponse> call(HttpMethod method, Supplier<Uni<UpstreamResponse>> call) {
        Uni<UpstreamResponse> guarded = guarded(timeout, call, true);
        if (route.retry() && IDEMPOTENT.contains(method)) {
            guarded = guarded.onFailure(RouteGuard::retryable).invoke(e -> retries.increment())
                    .onFailure(RouteGuard::retryable).retry()
                    .withBackOff(Duration.ofMillis(25), Duration.ofMillis(100)).withJitter(0.5).atMost(1);
        }
        return guarded.onFailure(CountedAsFailure.class).recoverWithItem(e -> ((CountedAsFailure) e).response);
    }

    /**
     * Runs one streamed exchange through the route's breaker and bulkhead with the streaming timeout;
     * the Uni covers the whole exchange (it ends when the answer has been passed on). Never retried.
     * Over {@code streaming.max-concurrent}: refused at once with a {@link BulkheadException} that the
     * breaker does not see (the upstream did nothing wrong).
     */
    public Uni<UpstreamResponse> stream(Supplier<Uni<UpstreamResponse>> exchange) {
        return Uni.createFrom().deferred(() -> {
            if (streams.incrementAndGet() > route.streaming().maxConcurrent()) {
                streams.decrementAndGet();
                rejected();
                return Uni.createFrom().<UpstreamResponse>failure(new BulkheadException(
                        name + ": " + route.streaming().maxConcurrent() + " streamed exchanges in flight"));
            }
            return guarded(streamingTimeout, exchange, false).onTermination().invoke(streams::decrementAndGet);
        }).onFailure(CountedAsFailure.class).recoverWithItem(e -> ((CountedAsFailure) e).response);
    }

    private Uni<UpstreamResponse> guarded(TypedGuard<Uni<UpstreamResponse>> timeout, Supplier<Uni<UpstreamResponse>> call,
            boolean slowCallsFail) {
        return Uni.createFrom().deferred(() -> {
            inFlight.incrementAndGet();
            long started = System.nanoTime();
            return breaker.get(() -> timeout.get(() -> bulkhead.get(() -> call.get().map(response -> {
                if (response.status() >= 500) {
                    throw new CountedAsFailure(response, "upstream answered " + response.status());
                }
                if (slowCallsFail && route.slowCallThreshold().isPresent()
                        && System.nanoTime() - started > route.slowCallThreshold().get().toNanos()) {
                    throw new CountedAsFailure(response, "slow answer");
                }
                return response;
            })))).onTermination().invoke(inFlight::decrementAndGet);
        });
    }

    private static boolean retryable(Throwable e) {
        return e instanceof ConnectException || e.getCause() instanceof ConnectException
                || (e instanceof CountedAsFailure c && c.retryable())
                || (e instanceof io.vertx.core.VertxException && String.valueOf(e.getMessage()).contains("Connection"));
    }

    public String service() {
        return service;
    }

    public String name() {
        return name;
    }

    public CircuitBreakerState state() {
        return state;
    }

    /** Seconds until the open breaker lets a probe through (at least 1). */
    public long retryAfterSeconds() {
        long remaining = route.circuitBreaker().delay().toNanos() - (System.nanoTime() - openedAt.get());
        return Math.max(1, (remaining + 999_999_999L) / 1_000_000_000L);
    }
}
