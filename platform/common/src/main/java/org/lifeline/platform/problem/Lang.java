package org.lifeline.platform.problem;

import java.util.Locale;

/** The two languages of Lifeline's messages: zh-CN (default) and English. */
public enum Lang {
    ZH("zh-CN"), EN("en");

    private final String tag;

    Lang(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    public Locale locale() {
        return Locale.forLanguageTag(tag);
    }

    /** Picks the language from an {@code Accept-Language} header: the first of zh or en named, else zh-CN. */
    public static Lang fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return ZH;
        }
        for (String part : header.split(",")) {
            String tag = part.split(";")[0].trim().toLowerCase(Locale.ROOT);
            if (tag.startsWith("en")) {
                return EN;
            }
            if (tag.startsWith("zh")) {
                return ZH;
            }
        }
        return ZH;
    }
}
