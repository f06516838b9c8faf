package org.lifeline.platform.problem;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LangTest {

    @Test
    void shouldDefaultToChinese() {
        assertEquals(Lang.ZH, Lang.fromAcceptLanguage(null));
        assertEquals(Lang.ZH, Lang.fromAcceptLanguage("fr-FR,de;q=0.5"));
    }

    @Test
    void shouldPickFirstOfChineseOrEnglish() {
        assertEquals(Lang.EN, Lang.fromAcceptLanguage("en-US,en;q=0.9"));
        assertEquals(Lang.EN, Lang.fromAcceptLanguage("fr-FR, en;q=0.8, zh;q=0.5"));
        assertEquals(Lang.ZH, Lang.fromAcceptLanguage("zh-CN,zh;q=0.9,en;q=0.8"));
    }
}
