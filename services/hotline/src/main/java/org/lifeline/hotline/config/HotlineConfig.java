package org.lifeline.hotline.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every {@code hotline.*} key of application.properties (defaults documented there and in the README). */
@ConfigMapping(prefix = "hotline")
public interface HotlineConfig {

    /** Deadlines per urgency ({@code life-safety}, {@code utilities}, {@code general}, {@code complex}). */
    Map<String, Sla> sla();

    Emergency emergency();

    Events events();

    Idempotency idempotency();

    Webhook webhook();

    Residents residents();

    Keycloak keycloak();

    interface Sla {
        @WithName("first-response")
        Duration firstResponse();

        Duration resolve();

        @WithName("re-escalate")
        Duration reEscalate();
    }

    interface Emergency {
        /** Every deadline of a ticket in an emergency-mode area is this fraction of the normal one. */
        @WithDefault("0.5")
        double factor();

        /** Area codes always treated as in emergency mode ({@code none}: only what co-governance says). */
        @WithDefault("none")
        List<String> areas();
    }

    interface Events {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("hotline")
        String groupId();
    }

    interface Idempotency {
        @WithDefault("PT24H")
        Duration ttl();

        @WithDefault("PT5M")
        Duration staleAfter();
    }

    interface Webhook {
        /** The shared secret of the SMS / WeChat gateway; unset, every call is refused. */
        Optional<String> secret();

        @WithDefault("5m")
        Duration maxSkew();
    }

    interface Residents {
        @WithDefault("http://localhost:8081")
        String url();

        @WithDefault("2s")
        Duration timeout();
    }

    interface Keycloak {
        Optional<String> url();

        @WithDefault("lifeline")
        String realm();

        @WithDefault("lifeline-hotline")
        String clientId();

        Optional<String> clientSecret();
    }
}
