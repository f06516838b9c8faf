package org.lifeline.supplies.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.ZoneId;

/** Supplies' own settings, {@code supplies.*} in application.properties (the README's configuration table). */
@ConfigMapping(prefix = "supplies")
public interface SuppliesConfig {

    Orders orders();

    Delivery delivery();

    Idempotency idempotency();

    ResidentsEvents residentsEvents();

    interface Orders {

        /** Orders per household per calendar day, all sources together (409 beyond). */
        @WithDefault("3")
        int perHouseholdPerDay();

        /** The zone of that calendar day. */
        @WithDefault("Asia/Shanghai")
        ZoneId zone();
    }

    interface Delivery {

        /** Wrong delivery codes before only staff can confirm with a reason. */
        @WithDefault("5")
        int maxCodeAttempts();
    }

    interface Idempotency {

        /** How long an Idempotency-Key is kept. */
        @WithDefault("PT24H")
        Duration ttl();

        /** After how long a key still "processing" (a crashed instance) is taken over. */
        @WithDefault("PT5M")
        Duration staleAfter();
    }

    /** The read model's consumer of residents' events (read by the read model itself). */
    interface ResidentsEvents {

        @WithDefault("true")
        boolean enabled();

        @WithDefault("supplies")
        String groupId();
    }
}
