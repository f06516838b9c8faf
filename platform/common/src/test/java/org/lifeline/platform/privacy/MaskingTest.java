package org.lifeline.platform.privacy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MaskingTest {

    @Test
    void shouldKeepOnlyProvinceAndLastTwoOfIdNumber() {
        // the birth date must not be readable, nor the area code and sequence that the birth date would complete
        assertEquals("61**************34", Masking.idNumber("610113199001011234"));
    }

    @Test
    void shouldKeepFirstThreeAndLastFourOfMobile() {
        assertEquals("138****5678", Masking.phone("13812345678"));
    }

    @Test
    void shouldMaskUnusualValuesEntirelyOrMostly() {
        assertEquals("*****", Masking.idNumber("12345"));
        assertEquals("******", Masking.phone("123456"));
        assertEquals("029*****5678", Masking.phone("029-88885678"));
        assertNull(Masking.phone(null));
        assertNull(Masking.idNumber(null));
    }
}
