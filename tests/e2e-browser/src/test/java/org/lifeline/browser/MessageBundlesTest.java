package org.lifeline.browser;

import org.junit.jupiter.api.Test;
import org.lifeline.servers.LifelineHome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every user-facing string of the portal is in both message bundles: the bundles have the same keys, every
 * key the code asks for exists, no bundle value is empty, and no Chinese text is written into the code or
 * the page itself (it would bypass the bundles).
 */
class MessageBundlesTest {

    static final Path WEB = LifelineHome.root().resolve("portal/src/main/resources/META-INF/resources");
    static final Pattern KEY = Pattern.compile("\\bt\\('([a-zA-Z0-9.\\-]+)'|data-i18n(?:-label)?=\"([a-zA-Z0-9.]+)\"|'((?:nav|staff)\\.[a-zA-Z]+)'");
    static final Pattern HAN = Pattern.compile("[\\p{IsHan}\\u3000-\\u303f\\uff00-\\uffef]");

    @Test
    void shouldHaveTheSameKeysInBothLanguagesAndNoEmptyMessage() {
        Map<String, String> zh = PortalBrowserIT.bundle("zh-CN");
        Map<String, String> en = PortalBrowserIT.bundle("en");
        assertEquals(new TreeSet<>(zh.keySet()), new TreeSet<>(en.keySet()));
        zh.forEach((k, v) -> assertTrue(!v.isBlank() && !en.get(k).isBlank(), k));
    }

    @Test
    void shouldFindEveryKeyTheCodeUsesAndNoHandWrittenChinese() throws IOException {
        Map<String, String> zh = PortalBrowserIT.bundle("zh-CN");
        TreeSet<String> missing = new TreeSet<>();
        TreeSet<String> chinese = new TreeSet<>();
        try (Stream<Path> files = Files.walk(WEB)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".js") || p.toString().endsWith(".html"))
                    .filter(p -> !p.toString().contains("/vendor/")).toList()) {
                String code = Files.readString(file).replaceAll("(?m)^\\s*//.*$", "");
                Matcher m = KEY.matcher(code);
                while (m.find()) {
                    String key = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                    if (!zh.containsKey(key)) {
                        missing.add(file.getFileName() + ": " + key);
                    }
                }
                Matcher han = HAN.matcher(code);
                if (han.find()) {
                    int line = code.substring(0, han.start()).split("\n", -1).length;
                    chinese.add(file.getFileName() + ":" + line);
                }
            }
        }
        assertTrue(missing.isEmpty(), "keys missing from the bundles: " + missing);
        assertTrue(chinese.isEmpty(), "Chinese text outside the bundles: " + chinese);
    }
}
