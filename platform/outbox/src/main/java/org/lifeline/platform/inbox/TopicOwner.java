package org.lifeline.platform.inbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who may publish on a topic, read from its name (ARCHITECTURE.md rule 2: {@code lifeline.<service>.<aggregate>.v1}),
 * and whether an event carries that owner's CloudEvents {@code source} ({@code /lifeline/<service>}) and a
 * {@code type} of its namespace ({@code org.lifeline.<service>.}). Consumers drop what does not (issue 18 item 10): a
 * {@code TestResultRecorded} that does not come from testing seals no household. In the chart Kafka's ACLs also keep
 * anyone but the owner from writing the topic; this check is the consumer's own, and holds where the broker is open
 * (the local stack).
 */
public record TopicOwner(String service) {

    private static final Pattern TOPIC = Pattern.compile("lifeline\\.([a-z][a-z0-9-]*)\\.[a-z][a-z0-9-]*\\.v[0-9]+");

    /** The owner of a topic named {@code lifeline.<service>.<aggregate>.v<n>}; empty for any other name. */
    public static Optional<TopicOwner> of(String topic) {
        Matcher m = topic == null ? null : TOPIC.matcher(topic);
        return m != null && m.matches() ? Optional.of(new TopicOwner(m.group(1))) : Optional.empty();
    }

    /** The CloudEvents {@code source} of the owner's events: {@code /lifeline/<service>}. */
    public String source() {
        return "/lifeline/" + service;
    }

    /** What the owner's event types start with: {@code org.lifeline.<service>.}. */
    public String typePrefix() {
        return "org.lifeline." + service + ".";
    }

    /** Why an event must not be believed; one of these is the {@code reason} tag of {@code lifeline_inbox_rejected_total}. */
    public enum Rejection {
        /** The topic's name does not follow {@code lifeline.<service>.<aggregate>.v<n>}: it has no owner. */
        TOPIC("topic"),
        /** Not a JSON object: it names no source at all. */
        MALFORMED("malformed"),
        /** Its {@code source} is not the topic's owner. */
        SOURCE("source"),
        /** Its {@code type} is not of the owner's namespace. */
        TYPE("type");

        public final String tag;

        Rejection(String tag) {
            this.tag = tag;
        }
    }

    /**
     * @param event the CloudEvent as read from the topic (null when it was not JSON)
     * @return why the event is refused, or empty when its source and type are the topic owner's
     */
    public static Optional<Rejection> check(String topic, JsonNode event) {
        Optional<TopicOwner> owner = of(topic);
        if (owner.isEmpty()) {
            return Optional.of(Rejection.TOPIC);
        }
        if (event == null || !event.isObject()) {
            return Optional.of(Rejection.MALFORMED);
        }
        if (!owner.get().source().equals(event.path("source").textValue())) {
            return Optional.of(Rejection.SOURCE);
        }
        String type = event.path("type").isTextual() ? event.path("type").textValue() : "";
        if (!type.startsWith(owner.get().typePrefix()) || type.length() == owner.get().typePrefix().length()) {
            return Optional.of(Rejection.TYPE);
        }
        return Optional.empty();
    }
}
