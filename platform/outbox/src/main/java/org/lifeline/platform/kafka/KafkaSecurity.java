package org.lifeline.platform.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * How this service proves who it is to Kafka. In the chart each service has a Strimzi {@code KafkaUser} (SCRAM-SHA-512)
 * whose ACLs let it write only its own topics and read those it consumes; the Deployment sets
 * {@code LIFELINE_KAFKA_SASL_MECHANISM}, {@code LIFELINE_KAFKA_SASL_USERNAME} and {@code LIFELINE_KAFKA_SASL_PASSWORD}
 * (from the Secret Strimzi generates). Without a mechanism nothing is added and the client connects as before
 * (PLAINTEXT): the local stack's Kafka stays open (docs/security.md).
 *
 * <ul>
 *   <li>{@code lifeline.kafka.sasl.mechanism}: {@code SCRAM-SHA-512}, {@code SCRAM-SHA-256} or {@code PLAIN}; unset: none</li>
 *   <li>{@code lifeline.kafka.sasl.username}, {@code lifeline.kafka.sasl.password}: required with a mechanism</li>
 *   <li>{@code lifeline.kafka.security.protocol}: default {@code SASL_PLAINTEXT} with a mechanism
 *       ({@code SASL_SSL} for a TLS listener)</li>
 * </ul>
 *
 * Used by the outbox relay and every inbox consumer, so a service's producer and consumers are one Kafka user.
 */
public final class KafkaSecurity {

    public static final String MECHANISM = "lifeline.kafka.sasl.mechanism";
    public static final String USERNAME = "lifeline.kafka.sasl.username";
    public static final String PASSWORD = "lifeline.kafka.sasl.password";
    public static final String PROTOCOL = "lifeline.kafka.security.protocol";

    private KafkaSecurity() {
    }

    /** The client properties from this application's config (empty when no mechanism is set). */
    public static Map<String, String> clientProperties() {
        Config config = ConfigProvider.getConfig();
        return clientProperties(config.getOptionalValue(MECHANISM, String.class),
                config.getOptionalValue(USERNAME, String.class), config.getOptionalValue(PASSWORD, String.class),
                config.getOptionalValue(PROTOCOL, String.class));
    }

    /** Adds this application's SASL settings, if any, to a Kafka client's properties. */
    public static Properties apply(Properties props) {
        props.putAll(clientProperties());
        return props;
    }

    static Map<String, String> clientProperties(Optional<String> mechanism, Optional<String> username,
            Optional<String> password, Optional<String> protocol) {
        String m = mechanism.map(String::trim).orElse("");
        if (m.isEmpty()) {
            return Map.of();
        }
        String user = username.filter(u -> !u.isBlank()).orElseThrow(() -> new IllegalStateException(
                MECHANISM + " is " + m + " but " + USERNAME + " is not set"));
        String secret = password.filter(p -> !p.isBlank()).orElseThrow(() -> new IllegalStateException(
                MECHANISM + " is " + m + " but " + PASSWORD + " is not set"));
        String module = switch (m) {
            case "SCRAM-SHA-512", "SCRAM-SHA-256" -> "org.apache.kafka.common.security.scram.ScramLoginModule";
            case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule";
            default -> throw new IllegalStateException(MECHANISM + " " + m + " is not one of SCRAM-SHA-512, SCRAM-SHA-256, PLAIN");
        };
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol.filter(p -> !p.isBlank()).orElse("SASL_PLAINTEXT"),
                SaslConfigs.SASL_MECHANISM, m,
                SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + quote(user) + "\" password=\"" + quote(secret) + "\";");
    }

    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
