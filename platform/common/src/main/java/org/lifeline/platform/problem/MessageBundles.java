package org.lifeline.platform.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks a service's message bundle: every language has every key, with the same placeholders. For tests. */
public final class MessageBundles {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[0-9]+}");

    private MessageBundles() {
    }

    /** What is wrong with the bundle in these languages (empty when nothing is). The default file is Chinese. */
    public static List<String> problems(String bundle, List<Locale> languages) {
        List<String> problems = new ArrayList<>();
        ResourceBundle zh = Message.bundle(bundle, Lang.ZH.locale());
        for (Locale language : languages) {
            ResourceBundle other = Message.bundle(bundle, language);
            if (!other.getLocale().getLanguage().equals(language.getLanguage()) && !language.getLanguage().equals("zh")) {
                problems.add(bundle + " has no file for " + language.toLanguageTag());
                continue;
            }
            for (String key : zh.keySet()) {
                if (!other.containsKey(key) || other.getString(key).isBlank()) {
                    problems.add(bundle + " " + language.toLanguageTag() + ": no text for " + key);
                } else if (!placeholders(zh.getString(key)).equals(placeholders(other.getString(key)))) {
                    problems.add(bundle + " " + language.toLanguageTag() + ": " + key + " fills other placeholders than zh");
                }
            }
            for (String key : other.keySet()) {
                if (!zh.containsKey(key)) {
                    problems.add(bundle + " " + language.toLanguageTag() + ": " + key + " is not in the Chinese file");
                }
            }
        }
        return problems;
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }
}
