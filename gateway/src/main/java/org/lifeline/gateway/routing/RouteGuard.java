package org.lifeline.gateway.routing;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;
import org.lifeline.gateway.config.GatewayConfig;
import org.lifeline.gateway.proxy.UpstreamResponse;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The isolation of one upstream (ARCHITECTURE.md, gateway): its own bulkhead, timeout and circuit
 * breaker, named {@code gateway-<service>}. Connection failures, timeouts and 5xx answers count as
 * failures; 4xx answers are the caller's business and do not. All of it works on the event loop:
 * a stalled upstream costs a parked connection, never a thread.
 */
public final class RouteGuard {

    /** A 5xx from upstream: a failure for the breaker, but its answer still goes back to the caller. */
    public static final class UpstreamServerError extends RuntimeException {
        final transient UpstreamResponse response;

        UpstreamServerError(UpstreamResponse response) {
            super("upstream answered " + response.status(), null, false, false);
            this.response = response;
        }
    }

    private final String name;
    private final Duration openDelay;
    private final TypedGuard<Uni<UpstreamResponse>> guard;
    private final AtomicLong openedAt = new AtomicLong();
    private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;

    public RouteGuard(String service, GatewayConfig.Route route) {
        this.name = "gateway-" + service;
        this.openDelay = route.circuitBreaker().delay();
        this.guard = TypedGuard.create(new TypeLiteral<Uni<UpstreamResponse>>() {
        })
                .withDescription(name)
                .withThreadOffload(false)
                .withBulkhead().limit(route.maxConcurrent()).queueSize(route.queueSize()).done()
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
    }

    private void stateChanged(CircuitBreakerState newState) {
        if (newState == CircuitBreakerState.OPEN) {
            openedAt.set(System.nanoTime());
        }
        state = newState;
    }

    /** Runs the call through the guard; a 5xx answer is returned as the answer, after being counted. */
    public Uni<UpstreamResponse> call(Supplier<Uni<UpstreamResponse>> call) {
        return guard.get(() -> call.get().map(response -> {
            if (response.isServerError()) {
                throw new UpstreamServerError(response);
            }
            return response;
        })).onFailure(UpstreamServerError.class).recoverWithItem(e -> ((UpstreamServerError) e).response);
    }

    public String name() {
        return name;
    }

    public CircuitBreakerState state() {
        return state;
    }

    /** Seconds until the open breaker lets a probe through (at least 1). */
    public long retryAfterSeconds() {
        long elapsed = System.nanoTime() - openedAt.get();
        long remaining = openDelay.toNanos() - elapsed;
        return Math.max(1, (remaining + 999_999_999L) / 1_000_000_000L);
    }
}
