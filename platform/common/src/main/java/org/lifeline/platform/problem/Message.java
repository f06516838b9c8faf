package org.lifeline.platform.problem;

import java.util.Arrays;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.ResourceBundle;

/**
 * A text shown to people, in the caller's language. Server-side texts live in message bundles, one per service
 * ({@code messages/<service>.properties} in Chinese, the default, and {@code messages/<service>_en.properties}),
 * so adding a language means adding a file per service (and its tag to {@link Lang}); {@link #key} names a text
 * there. Arguments fill {@code {0}}, {@code {1}}, ... as they are (no number or date formatting, no quoting
 * rules). {@link #of} is a text written in place, for the few made outside a service (tests, the platform's
 * own fallbacks).
 */
public final class Message {

    private final String bundle;
    private final String key;
    private final Object[] args;
    private final String en;
    private final String zh;

    private Message(String bundle, String key, Object[] args, String en, String zh) {
        this.bundle = bundle;
        this.key = key;
        this.args = args;
        this.en = en;
        this.zh = zh;
    }

    /** A text in both languages, written in place. */
    public static Message of(String en, String zh) {
        return new Message(null, null, new Object[0], Objects.requireNonNull(en), Objects.requireNonNull(zh));
    }

    /**
     * The text {@code key} of the bundle {@code bundle} (a base name such as {@code messages.residents}),
     * with {@code {0}}, {@code {1}}, ... filled from {@code args}. Resolved when it is rendered; a missing key
     * fails then, and each service's bundle test checks every language has every key.
     */
    public static Message key(String bundle, String key, Object... args) {
        return new Message(Objects.requireNonNull(bundle), Objects.requireNonNull(key), args.clone(), null, null);
    }

    public String in(Lang lang) {
        return in(lang.locale());
    }

    public String in(Locale locale) {
        if (bundle == null) {
            return locale.getLanguage().equals("en") ? en : zh;
        }
        return fill(text(bundle, key, locale), args);
    }

    public String en() {
        return in(Lang.EN);
    }

    public String zh() {
        return in(Lang.ZH);
    }

    /** The bundle key, or null for a text written in place. */
    public String key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && Objects.equals(bundle, m.bundle) && Objects.equals(key, m.key)
                && Arrays.equals(args, m.args) && Objects.equals(en, m.en) && Objects.equals(zh, m.zh);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bundle, key, Arrays.hashCode(args), en, zh);
    }

    @Override
    public String toString() {
        return zh();
    }

    /** The raw text of a key in a language, Chinese (the bundle's default file) where the language has none. */
    static String text(String bundle, String key, Locale locale) {
        return bundle(bundle, locale).getString(key);
    }

    static ResourceBundle bundle(String bundle, Locale locale) {
        ResourceBundle.Control control = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try {
            return ResourceBundle.getBundle(bundle, locale, context != null ? context : Message.class.getClassLoader(), control);
        } catch (MissingResourceException e) {
            return ResourceBundle.getBundle(bundle, locale, Message.class.getClassLoader(), control);
        }
    }

    static String fill(String pattern, Object[] args) {
        String text = pattern;
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
    }
}
