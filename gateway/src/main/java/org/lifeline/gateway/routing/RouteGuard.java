package org.lifeline.gateway.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.util.TypeLiteral;
import org.lifeline.gateway.config.GatewayConfig;
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

    private final String service;
    private final String name;
    private final GatewayConfig.Route route;
    private final TypedGuard<Uni<UpstreamResponse>> guard;
    private final AtomicLong openedAt = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;
    private final Counter bulkheadRejected;
    private final Counter retries;

    public RouteGuard(String service, GatewayConfig.Route route, MeterRegistry registry) {
        this.service = service;
        this.name = "gateway-" + service;
        this.route = route;
        this.guard = TypedGuard.create(new TypeLiteral<Uni<UpstreamResponse>>() {
        })
                .withDescription(name)
                .withThreadOffload(false)
                .withBulkhead().limit(route.maxConcurrent()).queueSize(route.queueSize())
                .onRejected(this::rejected).done()
                .withTimeout().duration(route.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .withCircuitBreaker()
                .name(name)
                .failureRatio(route.circuitBreaker().failureRatio())
                .requestVolumeThreshold(route.circuitBreaker().requestVolumeThreshold())
                .delay(route.circuitBreaker().delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(route.circuitBreaker().successThreshold())
                .onStateChange(this::stateChanged)
                .done()
                .build();
        Gauge.builder("lifeline.gateway.breaker.state", this, g -> g.state.ordinal())
                .description("0 closed, 1 open, 2 half-open").tag("route", service).register(registry);
        Gauge.builder("lifeline.gateway.upstream.in.flight", inFlight, AtomicInteger::get)
                .description("calls to the upstream in flight or waiting in its bulkhead").tag("route", service)
                .register(registry);
        Gauge.builder("lifeline.gateway.bulkhead.queue", this, g -> Math.max(0, g.inFlight.get() - route.maxConcurrent()))
                .description("calls waiting for a bulkhead slot").tag("route", service).register(registry);
        bulkheadRejected = Counter.builder("lifeline.gateway.bulkhead.rejected").tag("route", service).register(registry);
        retries = Counter.builder("lifeline.gateway.retries").tag("route", service).register(registry);
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
        Uni<UpstreamResponse> guarded = Uni.createFrom().deferred(() -> {
            inFlight.incrementAndGet();
            long started = System.nanoTime();
            return guard.get(() -> call.get().map(response -> {
                if (response.status() >= 500) {
                    throw new CountedAsFailure(response, "upstream answered " + response.status());
                }
                if (route.slowCallThreshold().isPresent()
                        && System.nanoTime() - started > route.slowCallThreshold().get().toNanos()) {
                    throw new CountedAsFailure(response, "slow answer");
                }
                return response;
            })).onTermination().invoke(inFlight::decrementAndGet);
        });
        if (route.retry() && IDEMPOTENT.contains(method)) {
            guarded = guarded.onFailure(RouteGuard::retryable).invoke(e -> retries.increment())
                    .onFailure(RouteGuard::retryable).retry()
                    .withBackOff(Duration.ofMillis(25), Duration.ofMillis(100)).withJitter(0.5).atMost(1);
        }
        return guarded.onFailure(CountedAsFailure.class).recoverWithItem(e -> ((CountedAsFailure) e).response);
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
