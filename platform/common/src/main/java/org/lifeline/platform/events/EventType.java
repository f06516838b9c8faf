package org.lifeline.platform.events;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One event type and version on its documented topic (docs/events.md): a publisher declares each type it
 * writes once, as a constant, and writes it only through {@code Outbox} with its typed data record, so a type
 * cannot drift onto another topic. The CloudEvents {@code source} is the topic's owner
 * ({@code lifeline.<owner>.<aggregate>.v<n>} is written by {@code /lifeline/<owner>}), and the type must be
 * the owner's ({@code org.lifeline.<owner>.<Name>}), the rule consumers check before they believe an event.
 */
public record EventType(String topic, String type) {

    private static final Pattern TOPIC = Pattern.compile("lifeline\\.([a-z][a-z0-9-]*)\\.[a-z][a-z0-9-]*\\.v[0-9]+");

    public EventType {
        Matcher m = TOPIC.matcher(topic);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Lifeline topic: " + topic);
        }
        if (!type.startsWith("org.lifeline." + m.group(1) + ".")) {
            throw new IllegalArgumentException(type + " is not a type of " + m.group(1) + ", the owner of " + topic);
        }
    }

    public static EventType of(String topic, String type) {
        return new EventType(topic, type);
    }

    /** The owner's CloudEvents source, {@code /lifeline/<owner>}. */
    public String source() {
        Matcher m = TOPIC.matcher(topic);
        m.matches();
        return "/lifeline/" + m.group(1);
    }
}
