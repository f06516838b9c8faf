package org.lifeline.gateway.config;

import org.lifeline.platform.problem.Message;

/** The gateway's texts for people: the bundle {@code messages/gateway*.properties} (Chinese, English). */
public final class Texts {

    public static final String BUNDLE = "messages.gateway";

    private Texts() {
    }

    public static Message of(String key, Object... args) {
        return Message.key(BUNDLE, key, args);
    }
}
