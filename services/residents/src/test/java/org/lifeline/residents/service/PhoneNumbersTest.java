package org.lifeline.residents.service;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PhoneNumbersTest {

    @Test
    void shouldReduceEveryWayOfWritingAMobileToItsElevenDigits() {
        for (String written : List.of("13912345678", "139 1234 5678", "139-1234-5678", "+8613912345678",
                "+86 139 1234 5678", "+86-139-1234-5678", "008613912345678", "0086 139 1234 5678", "8613912345678",
                "(+86) 139.1234.5678", " 13912345678 ")) {
            assertEquals(Optional.of("13912345678"), PhoneNumbers.national(written), written);
        }
    }

    @Test
    void shouldKeepALandlinesTrunkZero() {
        assertEquals(Optional.of("02988881234"), PhoneNumbers.national("029-88881234"));
        assertEquals(Optional.of("02988881234"), PhoneNumbers.national("+86 29 8888 1234"));
        assertEquals(Optional.of("02988881234"), PhoneNumbers.national("0086 29 8888 1234"));
        assertEquals(Optional.of("01088881234"), PhoneNumbers.national("(010) 8888-1234"));
    }

    @Test
    void shouldRefuseWhatIsNotAChineseNumber() {
        for (String written : java.util.Arrays.asList(null, "", "12345", "+1 415 555 0100", "139abc12345",
                "23912345678", "1391234567", "139123456789", "86 139 1234 567", "+86")) {
            assertEquals(Optional.empty(), PhoneNumbers.national(written), String.valueOf(written));
        }
    }
}
