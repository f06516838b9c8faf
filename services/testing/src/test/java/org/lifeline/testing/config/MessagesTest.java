package org.lifeline.testing.config;

import org.junit.jupiter.api.Test;
import org.lifeline.platform.problem.MessageBundles;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every text of testing's bundle is there in English too, with the same placeholders as the Chinese one. */
class MessagesTest {

    @Test
    void shouldHaveEveryTextInEnglishWithTheSamePlaceholders() {
        assertEquals(List.of(), MessageBundles.problems("messages.testing", List.of(Locale.ENGLISH)));
    }

    @Test
    void shouldFillTheTextsAsTheyWereWrittenInPlace() {
        assertEquals("Tube T1 is sealed; open a new tube.", Texts.of("tube.sealed", "T1").en());
        assertEquals("试管 T1 已封管，请换新管。", Texts.of("tube.sealed", "T1").zh());
        assertEquals("Tube B1 is already in use.", Texts.of("tube.in-use", "B1").en());
        assertEquals("Place P1 is outside your areas or the campaign's area.", Texts.of("tube.place-outside", "P1").en());
        assertEquals("采样点 站一 在 08:00 无法容纳 B7：预计 12 人，每时段容量 10 人。",
                Texts.of("slot.over-capacity", "站一", "B7", "08:00", 12, 10).zh());
    }
}
