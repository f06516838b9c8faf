package org.lifeline.platform.privacy;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class NationalIdTest {

    @Test
    void shouldAcceptPublishedSampleNumbers() {
        // the sample of GB 11643-1999 and a number whose check character is X
        assertNull(NationalId.check("11010519491231002X"));
        // the other sample of the standard is well-formed but born in 1880: not a living resident
        assertEquals(NationalId.Problem.BIRTH_DATE, NationalId.check("440524188001010014"));
        assertEquals(LocalDate.of(1949, 12, 31), NationalId.birthDate("11010519491231002X"));
    }

    @Test
    void shouldComputeCheckCharacterAsIso7064Mod112() {
        assertEquals('X', NationalId.checkCharacter("11010519491231002"));
        assertEquals('4', NationalId.checkCharacter("44052418800101001"));
    }

    @Test
    void shouldNameWhatIsWrong() {
        assertEquals(NationalId.Problem.CHECK_DIGIT, NationalId.check("110105194912310021"));
        assertEquals(NationalId.Problem.LENGTH, NationalId.check("11010519491231002"));
        assertEquals(NationalId.Problem.LENGTH, NationalId.check(null));
        assertEquals(NationalId.Problem.CHARACTERS, NationalId.check("11010519491231A02X"));
        assertEquals(NationalId.Problem.CHARACTERS, NationalId.check("11010519491231002Y"));
        assertEquals(NationalId.Problem.BIRTH_DATE, NationalId.check("110105194913310021"));
        assertEquals(NationalId.Problem.BIRTH_DATE, NationalId.check("110105299901010021"));
    }

    @Test
    void shouldNormaliseLowerCaseX() {
        assertEquals("11010519491231002X", NationalId.normalize(" 11010519491231002x "));
    }
}
