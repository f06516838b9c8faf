package org.lifeline.platform.inbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;

/**
 * A service's {@link InboxConsumer} started with the application and closed with it: a bean extends this and says
 * how to make its consumer ({@link #create()}, null when the service runs without it, e.g. a test profile).
 */
public abstract class RunningConsumer {

    private volatile InboxConsumer consumer;

    /** The consumer to run, already started, or null to run none. */
    protected abstract InboxConsumer create();

    void start(@Observes StartupEvent event) {
        consumer = create();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        InboxConsumer running = consumer;
        if (running != null) {
            running.close();
        }
    }

    /** Events applied since start (for health and tests); 0 when none runs. */
    public long applied() {
        InboxConsumer running = consumer;
        return running == null ? 0 : running.applied();
    }
}
