package org.lifeline.platform.time;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The {@link Clock} every service reads the time from (inject it; never {@code Instant.now()} in a decision),
 * the system clock in UTC unless a test produces another ({@link OffsetClock}).
 */
@ApplicationScoped
public class Clocks {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
