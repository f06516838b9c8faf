package org.lifeline.platform.problem;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MessageTest {

    @Test
    void shouldRenderABundleTextInTheCallersLanguageWithItsArguments() {
        Message m = Message.key("messages.platform", "place.outside-areas", "610113001001");
        assertEquals("地点 610113001001 不在您负责的范围内。", m.in(Lang.ZH));
        assertEquals("Place 610113001001 is outside your areas.", m.in(Lang.EN));
    }

    @Test
    void shouldFallBackToChineseForALanguageWithoutAFile() {
        assertEquals("未知的地点编码 x。", Message.key("messages.platform", "place.unknown", "x").in(Locale.JAPANESE));
    }

    @Test
    void shouldFailOnAMissingKey() {
        assertThrows(MissingResourceException.class, () -> Message.key("messages.platform", "no.such.key").zh());
    }

    @Test
    void shouldFindThePlatformBundleComplete() {
        assertEquals(List.of(), MessageBundles.problems("messages.platform", List.of(Locale.ENGLISH)));
    }
}
