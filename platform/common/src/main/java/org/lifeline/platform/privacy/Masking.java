package org.lifeline.platform.privacy;

/**
 * Masks personal data for display: national ID numbers keep the 6-digit area code and the last 4
 * characters ({@code 610113********1234}); mobile phone numbers keep the first 3 and last 4 digits
 * ({@code 138****5678}). Short or unusual values are masked entirely rather than leaked.
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
        return id.substring(0, 6) + "********" + id.substring(14);
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
