package org.lifeline.platform.privacy;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * The 18-character Chinese resident identity number (GB 11643-1999): 6-digit area code, 8-digit
 * birth date, 3-digit sequence, and an ISO 7064 MOD 11-2 check character (0-9 or X).
 */
public final class NationalId {

    private static final int[] WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    private static final char[] CHECK = { '1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2' };

    /** Why a number is not valid. */
    public enum Problem {
        LENGTH, CHARACTERS, BIRTH_DATE, CHECK_DIGIT
    }

    private NationalId() {
    }

    /** Normalises (trims, upper-cases x) so that equal numbers compare equal. */
    public static String normalize(String id) {
        return id == null ? null : id.trim().toUpperCase(java.util.Locale.ROOT);
    }

    /** @return null when valid, else the first problem found */
    public static Problem check(String id) {
        if (id == null || id.length() != 18) {
            return Problem.LENGTH;
        }
        for (int i = 0; i < 17; i++) {
            if (!Character.isDigit(id.charAt(i)) || id.charAt(i) > '9') {
                return Problem.CHARACTERS;
            }
        }
        char last = id.charAt(17);
        if (!(last >= '0' && last <= '9') && last != 'X') {
            return Problem.CHARACTERS;
        }
        if (birthDate(id) == null) {
            return Problem.BIRTH_DATE;
        }
        return checkCharacter(id.substring(0, 17)) == last ? null : Problem.CHECK_DIGIT;
    }

    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** The birth date encoded in the number, or null if it is not a real date. */
    public static LocalDate birthDate(String id) {
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(id.substring(6, 10)), Integer.parseInt(id.substring(10, 12)),
                    Integer.parseInt(id.substring(12, 14)));
            return date.getYear() < 1900 || date.isAfter(LocalDate.now()) ? null : date;
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }
}
