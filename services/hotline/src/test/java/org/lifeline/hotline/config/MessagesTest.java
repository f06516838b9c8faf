package org.lifeline.hotline.config;

import org.junit.jupiter.api.Test;
import org.lifeline.platform.problem.Lang;
import org.lifeline.platform.problem.MessageBundles;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every text of the hotline's bundle is there in English too, with the same placeholders. */
class MessagesTest {

    @Test
    void shouldHaveEveryTextInEveryLanguage() {
        assertEquals(List.of(), MessageBundles.problems(Texts.BUNDLE, List.of(Locale.ENGLISH)));
    }

    @Test
    void shouldFillTheTextsInBothLanguages() {
        assertEquals("工单 t1 当前状态为 merged，无法执行此操作。", Texts.of("ticket.status", "t1", "merged").in(Lang.ZH));
        assertEquals("Ticket t1 is merged: this cannot be done now.", Texts.of("ticket.status", "t1", "merged").in(Lang.EN));
        assertEquals("订单 o1 超过承诺时间仍未送达。Order o1 undelivered past its promise.",
                Texts.of("signal.supplies-overdue", "o1").zh());
    }
}
