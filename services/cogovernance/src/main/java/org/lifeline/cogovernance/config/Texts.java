package org.lifeline.cogovernance.config;

import org.lifeline.platform.problem.Message;

/** Co-governance's texts for people, from {@code messages/cogovernance*.properties} (Chinese the default, English). */
public final class Texts {

    public static final String BUNDLE = "messages.cogovernance";

    private Texts() {
    }

    public static Message of(String key, Object... args) {
        return Message.key(BUNDLE, key, args);
    }
}
