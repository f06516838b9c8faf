package org.lifeline.supplies.support;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.lifeline.platform.time.OffsetClock;

import java.time.Clock;

/** The service's clock in tests: the system time, moved by a test that needs another day ({@link #CLOCK}). */
public class TestClock {

    /** Reset it when done: the other tests expect the system time. */
    public static final OffsetClock CLOCK = new OffsetClock();

    @Produces
    @Singleton
    Clock clock() {
        return CLOCK;
    }
}
