package org.lifeline.hotline.config;

import org.lifeline.platform.problem.Message;

/** The hotline's texts for people, from {@code messages/hotline*.properties} (Chinese the default, English). */
public final class Texts {

    public static final String BUNDLE = "messages.hotline";

    private Texts() {
    }

    public static Message of(String key, Object... args) {
        return Message.key(BUNDLE, key, args);
    }
}
