package org.lifeline.testing.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.lifeline.platform.time.OffsetClock;

import java.time.Clock;

/**
 * The service's Clock in tests: the system's time until a test moves it ({@link #CLOCK}{@code .advance}); a test
 * that moves it resets it when done.
 */
@ApplicationScoped
public class TestClock {

    public static final OffsetClock CLOCK = new OffsetClock();

    @Produces
    @Singleton
    Clock clock() {
        return CLOCK;
    }
}
