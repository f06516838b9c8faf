package org.lifeline.residents.api;

/** Formats of codes and numbers accepted by the API. */
public final class Codes {

    /** Place codes: letters, digits and dashes; no LIKE wildcards, so a code is safe in a path prefix. */
    public static final String PLACE_CODE = "[0-9A-Za-z][0-9A-Za-z-]{0,63}";
    /** Room numbers, e.g. 0501 or 12B. */
    public static final String ROOM = "[0-9A-Za-z][0-9A-Za-z-]{0,15}";
    /** A mainland mobile number (11 digits) or a landline with area code. */
    public static final String PHONE = "1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}";

    private Codes() {
    }
}
