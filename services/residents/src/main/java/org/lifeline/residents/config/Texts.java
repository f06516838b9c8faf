package org.lifeline.residents.config;

import org.lifeline.platform.problem.Message;

/** Residents' texts for people, from {@code messages/residents*.properties} (Chinese the default, English). */
public final class Texts {

    public static final String BUNDLE = "messages.residents";

    private Texts() {
    }

    public static Message of(String key, Object... args) {
        return Message.key(BUNDLE, key, args);
    }

    /** A text stored once for both languages (a status reason in the history): Chinese, a space, English. */
    public static String both(String key, Object... args) {
        Message m = of(key, args);
        return m.zh() + " " + m.en();
    }
}
