package org.lifeline.hotline.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.lifeline.platform.time.OffsetClock;

import java.time.Clock;

/** The service's clock in tests: one a test can move forward ({@code (OffsetClock) clock}) instead of sleeping. */
@ApplicationScoped
public class TestClock {

    @Produces
    @Singleton
    Clock clock() {
        return new OffsetClock();
    }
}
