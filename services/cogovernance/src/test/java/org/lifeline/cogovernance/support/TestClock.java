package org.lifeline.cogovernance.support;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.lifeline.platform.time.OffsetClock;

/** The tests' {@link java.time.Clock}: the system clock that a test may move ({@link OffsetClock#advance}). */
public class TestClock {

    @Produces
    @Singleton
    OffsetClock clock() {
        return new OffsetClock();
    }
}
