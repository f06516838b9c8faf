package org.lifeline.testing.model;

/** Where a household's building is in its place path: /city/district/street/community/compound/building/. */
public final class Buildings {

    /** The segment of a place path that is the building (for {@code split_part(path, '/', n)}). */
    public static final int SEGMENT = 7;

    private Buildings() {
    }

    /** The building code of a household's place path, or null when the path does not reach a building. */
    public static String of(String placePath) {
        String[] parts = placePath.split("/");
        return parts.length >= SEGMENT ? parts[SEGMENT - 1] : null;
    }
}
