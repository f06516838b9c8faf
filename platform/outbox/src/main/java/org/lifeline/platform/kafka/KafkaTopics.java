package org.lifeline.platform.kafka;

import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names topics have on the broker. A service names its topics {@code lifeline.<owner>.<aggregate>.v<n>} in its
 * code, its outbox rows and its parked events; with {@code lifeline.kafka.topic-prefix} set
 * ({@code LIFELINE_KAFKA_TOPIC_PREFIX}, e.g. {@code staging.}) the outbox relay publishes to, and every inbox consumer
 * subscribes to, the prefixed name on the broker, and the consumers hand their handlers the unprefixed name again.
 *
 * <p>So several deployments can share one Kafka cluster without reading each other's events: the test harnesses give
 * each stack they start a prefix of its own, because every stack's residents writes the same demo households (the
 * same ids) and a stack must never apply another stack's versions of them. Unset (the chart, the local stack), the
 * names on the broker are the names in the code.
 */
public final class KafkaTopics {

    public static final String PREFIX = "lifeline.kafka.topic-prefix";

    /** Lower-case letters, digits and dashes, ending with a dot: a legal topic name start that reads as a namespace. */
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}\\.");

    private final String prefix;

    private KafkaTopics(String prefix) {
        this.prefix = prefix;
    }

    /** The prefix of this application's config ({@value #PREFIX}); none when unset or blank. */
    public static KafkaTopics configured() {
        return of(ConfigProvider.getConfig().getOptionalValue(PREFIX, String.class));
    }

    /**
     * @throws IllegalStateException for a prefix that is not lower-case letters, digits and dashes ending with a dot
     */
    public static KafkaTopics of(Optional<String> prefix) {
        String p = prefix.map(String::trim).orElse("");
        if (!p.isEmpty() && !VALID.matcher(p).matches()) {
            throw new IllegalStateException(PREFIX + " '" + p + "' is not lower-case letters, digits and dashes ending "
                    + "with a dot (at most 40 characters), e.g. 'staging.'");
        }
        return new KafkaTopics(p);
    }

    public String prefix() {
        return prefix;
    }

    /** The topic's name on the broker. */
    public String onBroker(String topic) {
        return prefix + topic;
    }

    /** The name the code uses for a topic read from the broker. */
    public String inCode(String topicOnBroker) {
        return topicOnBroker.startsWith(prefix) ? topicOnBroker.substring(prefix.length()) : topicOnBroker;
    }
}
