package org.lifeline.medical.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Every {@code medical.*} key of application.properties (defaults documented there and in the README). */
@ConfigMapping(prefix = "medical")
public interface MedicalConfig {

    /** Deadlines per severity ({@code critical}, {@code urgent}, {@code standard}). */
    Map<String, Sla> sla();

    @WithName("notify")
    Notify notification();

    Events events();

    /** Demo data: the demo realm's hospitals ({@code DemoHospitals}); never in production. */
    Demo demo();

    interface Demo {
        @WithDefault("false")
        boolean enabled();
    }

    /** How long a patient may wait at a hospital's door (arrived, not admitted) per severity before it escalates. */
    Map<String, Duration> door();

    /** How long each stage may take from the moment the request was raised; the new deadline after an escalation. */
    interface Sla {
        Duration acknowledged();

        Duration assigned();

        @WithName("en-route")
        Duration enRoute();

        Duration resolved();

        @WithName("re-escalate")
        Duration reEscalate();

        default Duration of(String stage) {
            return switch (stage) {
                case "acknowledged" -> acknowledged();
                case "assigned" -> assigned();
                case "en_route" -> enRoute();
                case "resolved" -> resolved();
                default -> throw new IllegalArgumentException(stage);
            };
        }
    }

    interface Notify {
        /** {@code none}: no webhook. */
        @WithDefault("none")
        String webhookUrl();

        @WithDefault("none")
        List<String> allowedHosts();

        @WithDefault("2s")
        Duration timeout();

        /** Calls of a notification's webhook in all (the first and the retries). */
        @WithDefault("5")
        int maxAttempts();

        /** The wait before the first retry, doubled after each failed one. */
        @WithDefault("10s")
        Duration retryAfter();

        /** The longest wait between two attempts. */
        @WithDefault("10m")
        Duration maxRetryAfter();
    }

    interface Events {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("medical")
        String groupId();
    }
}
