package org.lifeline.residents.service;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A phone number as residents stores it, from the forms people and SMS gateways write it in: separators (spaces,
 * dashes, dots, brackets) dropped, and China's country code ({@code +86}, {@code 0086}, or a bare {@code 86} before
 * an 11-digit mobile) dropped too, a landline's trunk {@code 0} put back ({@code +86 29 8888 1234} is
 * {@code 02988881234}). Stored numbers are digits with at most a dash after a landline's area code ({@code Codes.PHONE}),
 * so digits are what both sides are compared on.
 */
public final class PhoneNumbers {

    /** Digits and separators, with one {@code +} in front (maybe in brackets: {@code (+86)}). */
    private static final Pattern WRITTEN = Pattern.compile("\\(?\\+?[0-9 ().\\-]{4,32}");
    private static final Pattern NATIONAL = Pattern.compile("1[3-9][0-9]{9}|0[0-9]{9,11}");

    private PhoneNumbers() {
    }

    /** The national number's digits, or empty when this is not a Chinese mobile or landline number. */
    public static Optional<String> national(String written) {
        if (written == null || !WRITTEN.matcher(written.strip()).matches()) {
            return Optional.empty();
        }
        String text = written.strip();
        String digits = text.replaceAll("[^0-9]", "");
        String national = digits;
        boolean international = false;
        if (digits.startsWith("0086")) {
            national = digits.substring(4);
            international = true;
        } else if (text.startsWith("+") || text.startsWith("(+")) {
            if (!digits.startsWith("86")) {
                return Optional.empty(); // another country's number
            }
            national = digits.substring(2);
            international = true;
        } else if (digits.length() == 13 && digits.startsWith("861")) {
            national = digits.substring(2);
        }
        if (international && !national.startsWith("1") && !national.startsWith("0")) {
            national = "0" + national;
        }
        return NATIONAL.matcher(national).matches() ? Optional.of(national) : Optional.empty();
    }
}
