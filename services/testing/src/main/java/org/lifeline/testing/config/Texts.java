package org.lifeline.testing.config;

import org.lifeline.platform.problem.Message;

/** Texts for people, from {@code messages/testing*.properties} (Chinese the default, English). */
public final class Texts {

    private Texts() {
    }

    public static Message of(String key, Object... args) {
        return Message.key("messages.testing", key, args);
    }
}
