package org.lifeline.residents.config;

import org.junit.jupiter.api.Test;
import org.lifeline.platform.problem.MessageBundles;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every text of residents' bundle is there in English too, with the same placeholders. */
class MessagesTest {

    @Test
    void shouldHaveEveryTextInEveryLanguage() {
        assertEquals(List.of(), MessageBundles.problems(Texts.BUNDLE, List.of(Locale.ENGLISH)));
    }
}
