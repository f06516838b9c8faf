package org.lifeline.platform.problem;

/** A text in both of Lifeline's languages. */
public record Message(String en, String zh) {

    public String in(Lang lang) {
        return lang == Lang.EN ? en : zh;
    }

    public static Message of(String en, String zh) {
        return new Message(en, zh);
    }
}
