package org.lifeline.gateway.config;

import org.junit.jupiter.api.Test;
import org.lifeline.platform.problem.Lang;
import org.lifeline.platform.problem.MessageBundles;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every gateway text in both languages, with the same placeholders; texts as callers knew them. */
class MessagesTest {

    @Test
    void shouldHaveEveryTextInBothLanguages() {
        assertEquals(List.of(), MessageBundles.problems(Texts.BUNDLE, List.of(Locale.ENGLISH)));
    }

    @Test
    void shouldKeepTheTextsCallersKnow() {
        assertEquals("对该服务的请求过于频繁，请 3 秒后重试。", Texts.of("route.rate-limited", 3).in(Lang.ZH));
        assertEquals("Too many requests to this service; try again in 3 s.", Texts.of("route.rate-limited", 3).in(Lang.EN));
        assertEquals("需要有效的访问令牌。", Texts.of("token.required").in(Lang.ZH));
    }
}
