package org.lifeline.platform.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock a test can move: it runs with the system clock, shifted by an offset the test sets
 * ({@link #advance(Duration)}), so what waits for a deadline is tested by moving time forward instead of sleeping.
 * A service's test sources make it the {@link Clock} bean with a producer; production uses {@link Clocks}.
 */
public final class OffsetClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    private final ZoneId zone;

    public OffsetClock() {
        this(ZoneOffset.UTC);
    }

    private OffsetClock(ZoneId zone) {
        this.zone = zone;
    }

    /** Moves the clock forward (or back, with a negative amount); what runs after sees the new time. */
    public void advance(Duration amount) {
        offset.updateAndGet(current -> current.plus(amount));
    }

    /** Back to the system time. */
    public void reset() {
        offset.set(Duration.ZERO);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        OffsetClock other = new OffsetClock(zone);
        other.offset.set(offset.get());
        return other;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }
}
