package org.lifeline.supplies.config;

import org.lifeline.platform.problem.Message;

/** Supplies' texts for people, from its message bundle ({@code messages/supplies*.properties}: zh-CN, en). */
public final class Texts {

    private Texts() {
    }

    public static Message of(String key, Object... args) {
        return Message.key("messages.supplies", key, args);
    }
}
