package org.lifeline.medical;

import org.junit.jupiter.api.Test;
import org.lifeline.platform.problem.MessageBundles;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every text of medical's bundle is there in English too, with the same placeholders as the Chinese one. */
class MessagesTest {

    @Test
    void shouldHaveEveryTextInEveryLanguage() {
        assertEquals(List.of(), MessageBundles.problems("messages.medical", List.of(Locale.ENGLISH)));
    }
}
