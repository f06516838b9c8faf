package org.lifeline.servers;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskRebuildTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 3);

    /** A valid number: 6 area digits, the birth date, a sequence, and its GB 11643 check character. */
    private static String id(String area, LocalDate birth, String sequence) {
        String first17 = area + birth.toString().replace("-", "") + sequence;
        int[] w = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * w[i];
        }
        return first17 + "10X98765432".charAt(sum % 11);
    }

    @Test
    void shouldRebuildTheOldMaskFromTheBirthDateNextToIt() {
        String full = id("610113", LocalDate.of(1988, 7, 14), "361");
        String oldMask = Masking.old(full);
        Map<String, Object> person = Map.of("idNumber", oldMask, "birthDate", "1988-07-14", "age", 38);
        List<MaskRebuild.Finding> findings = MaskRebuild.scan(Map.of("code", "610113001001-01-01-1-0101",
                "persons", List.of(person)), TODAY);
        assertEquals(1, findings.size());
        assertEquals(1, findings.get(0).candidates(), "the old mask plus the birth date is the number");
        assertEquals("$.persons[0].idNumber", findings.get(0).path());
    }

    @Test
    void shouldRebuildTheIssuesExampleExactlyOnce() {
        // 610113********3616 from the issue: a number with sequence 361 and check character 6, born some day
        LocalDate birth = LocalDate.of(1990, 1, 1);
        while (!id("610113", birth, "361").endsWith("3616")) {
            birth = birth.plusDays(1);
        }
        assertEquals("610113********3616", Masking.old(id("610113", birth, "361")));
        assertEquals(1, MaskRebuild.idCandidates("610113********3616",
                new MaskRebuild.Known(birth, null, null, null, null, TODAY)));
    }

    @Test
    void shouldLeaveThousandsOfNumbersForTheNewMaskAndABirthYear() {
        String full = id("610113", LocalDate.of(1988, 7, 14), "361");
        String mask = full.substring(0, 2) + "*".repeat(14) + full.substring(16);
        long candidates = MaskRebuild.idCandidates(mask, new MaskRebuild.Known(null, 1988, null, "male", "610113", TODAY));
        // 366 days of 1988 x 100 middle sequence digits (the last is shown), one in 11 fits the check character
        assertTrue(candidates >= 1000 && candidates < 366 * 100, "candidates: " + candidates);
        // and the real number is one of them: with everything known there is exactly one
        assertEquals(1, MaskRebuild.idCandidates(full, MaskRebuild.Known.nothing()));
    }

    @Test
    void shouldShowWhyAgeAndBirthYearMustNotTravelTogether() {
        // born 20 December 1988: on 3 December 2026 the age (37) and the year say "after 3 December"
        String full = id("610113", LocalDate.of(1988, 12, 20), "361");
        String mask = full.substring(0, 2) + "*".repeat(14) + full.substring(16);
        long yearOnly = MaskRebuild.idCandidates(mask, new MaskRebuild.Known(null, 1988, null, null, "610113", TODAY));
        long both = MaskRebuild.idCandidates(mask, new MaskRebuild.Known(null, 1988, 37, null, "610113", TODAY));
        long ageOnly = MaskRebuild.idCandidates(mask, new MaskRebuild.Known(null, null, 37, null, "610113", TODAY));
        assertTrue(yearOnly >= 1000, "year only: " + yearOnly);
        assertTrue(ageOnly >= 1000, "age only: " + ageOnly);
        assertTrue(both < 1000, "age and year: " + both);
    }

    @Test
    void shouldCountPhoneCandidates() {
        assertEquals(10_000, MaskRebuild.phoneCandidates("138****5678"));
        assertEquals(1, MaskRebuild.phoneCandidates("13812345678"));
        List<MaskRebuild.Finding> findings = MaskRebuild.scan(List.of(Map.of("手机号", "138****5678", "name", "王")),
                TODAY);
        assertEquals(10_000, findings.get(0).candidates());
    }

    @Test
    void shouldAssumeTheAreaFromThePlaceCodeOfTheRowOrItsParents() {
        String full = id("610113", LocalDate.of(1970, 3, 3), "452");
        String mask = full.substring(0, 2) + "*".repeat(14) + full.substring(16);
        long withArea = MaskRebuild.scan(Map.of("householdCode", "610113001001-01", "idNumber", mask,
                "birthYear", 1970), TODAY).get(0).candidates();
        long withoutArea = MaskRebuild.scan(Map.of("idNumber", mask, "birthYear", 1970), TODAY).get(0).candidates();
        assertTrue(withoutArea > withArea * 1000, withArea + " vs " + withoutArea);
        assertEquals(withArea, MaskRebuild.idCandidates(mask, new MaskRebuild.Known(null, 1970, null, null, "610113",
                TODAY)));
    }

    /** The mask of before issue 18: area code and last 4 shown, exactly the birth date hidden. */
    private static final class Masking {
        static String old(String id) {
            return id.substring(0, 6) + "********" + id.substring(14);
        }
    }
}
