package org.lifeline.platform.privacy;

/**
 * Masks personal data for display so that the mask cannot be undone from what else a response carries.
 *
 * <p>National ID numbers keep the first 2 characters (the province) and the last 2 (the last sequence digit,
 * odd for men and even for women, and the check character): {@code 61**************16}. Why so few: an
 * 18-character number is 6 area digits, 8 birth-date digits, 3 sequence digits and a check character, and
 * a response that shows a masked number also shows the person's birth year and the household's place code
 * (whose district is, for most residents, the area code). The old mask {@code 610113********3616} hid exactly
 * the 8 birth-date digits, so the birth date next to it gave the number back (1 candidate). With this mask, an
 * attacker who assumes the area code from the place code and knows the birth year still has 365 birth dates
 * times 100 middle sequence digits, of which one in 11 fits the check character shown: about 3,300
 * candidates (design target: at least 1,000, measured by the test support's {@code MaskRebuild}). Responses
 * therefore carry the birth year, never the birth date; and never the age together with the birth year (the
 * two together say whether the birthday is before or after today, which can leave a few days).
 *
 * <p>Mobile phone numbers keep the first 3 and last 4 digits ({@code 138****5678}): 10,000 candidates, and no
 * response carries the hidden digits elsewhere. Short or unusual values are masked entirely rather than leaked.
 */
public final class Masking {

    private Masking() {
    }

    public static String idNumber(String id) {
        if (id == null) {
            return null;
        }
        if (id.length() != 18) {
            return "*".repeat(id.length());
        }
        return id.substring(0, 2) + "*".repeat(14) + id.substring(16);
    }

    public static String phone(String phone) {
        if (phone == null) {
            return null;
        }
        if (phone.length() < 8) {
            return "*".repeat(phone.length());
        }
        int keepEnd = 4;
        int keepStart = phone.length() == 11 ? 3 : Math.min(3, phone.length() - keepEnd - 4);
        return phone.substring(0, keepStart) + "*".repeat(phone.length() - keepStart - keepEnd)
                + phone.substring(phone.length() - keepEnd);
    }
}
