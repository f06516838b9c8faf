package org.lifeline.cogovernance.config;

import org.junit.jupiter.api.Test;
import org.lifeline.platform.problem.Lang;
import org.lifeline.platform.problem.MessageBundles;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every text of co-governance's bundle is there in English too, with the same placeholders. */
class MessagesTest {

    @Test
    void shouldHaveEveryTextInEveryLanguage() {
        assertEquals(List.of(), MessageBundles.problems(Texts.BUNDLE, List.of(Locale.ENGLISH)));
    }

    @Test
    void shouldKeepTheTextsAsTheyWere() {
        assertEquals("Area 610113001 is in normal mode; it can go to [emergency], not recovery.",
                Texts.of("area.mode-transition", "610113001", "normal", "[emergency]", "recovery").in(Lang.EN));
        assertEquals("任务 x 状态为 done，无法再汇报。", Texts.of("task.nothing-to-report", "x", "done").in(Lang.ZH));
        assertEquals("Only a partner's client token can call this.", Texts.of("partner.client-token-only").in(Lang.EN));
        assertEquals("区域 61 进入应急状态，请查看任务板。Area 61 entered emergency mode: see the task board. (flood)",
                Texts.of("notification.emergency", "61", "flood").zh());
        assertEquals("送货上门 Door delivery: veg-box x2 → 610113001001-01-01-1-0101",
                Texts.of("task.title.delivery", "veg-box", "2", "610113001001-01-01-1-0101").zh());
        assertEquals("送物资上门 Supplies to the door: 610113001001-01-01-1 asked the hotline (general)",
                Texts.of("task.title.hotline-delivery", "610113001001-01-01-1", "general").zh());
    }
}
