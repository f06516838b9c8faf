package org.lifeline.medical.config;

import org.lifeline.platform.problem.Message;

/** Medical's texts for people, from {@code messages/medical*.properties} (Chinese the default, English). */
public final class Texts {

    private Texts() {
    }

    public static Message of(String key, Object... args) {
        return Message.key("messages.medical", key, args);
    }
}
