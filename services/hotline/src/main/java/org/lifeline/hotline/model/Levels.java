package org.lifeline.hotline.model;

import java.util.List;

/**
 * The escalation ladder, community → street → district → city, read off a household's place path
 * ({@code /city/district/street/community/compound/...}: segment 0 is the city, 3 the community).
 */
public final class Levels {

    public static final List<String> LADDER = List.of("community", "street", "district", "city");

    private Levels() {
    }

    /** The level above, or null at the city. */
    public static String next(String level) {
        int i = LADDER.indexOf(level);
        return i < 0 || i == LADDER.size() - 1 ? null : LADDER.get(i + 1);
    }

    /** The place code of that level on the household's path. */
    public static String code(String placePath, String level) {
        String[] segments = placePath.replaceAll("^/+|/+$", "").split("/");
        int index = 3 - LADDER.indexOf(level);
        if (index < 0 || index >= segments.length) {
            throw new IllegalStateException("path " + placePath + " has no " + level);
        }
        return segments[index];
    }

    /** The path of that level's place (a prefix of the household's path). */
    public static String path(String placePath, String level) {
        String code = code(placePath, level);
        return placePath.substring(0, placePath.indexOf("/" + code + "/") + code.length() + 2);
    }

    /** The level of a place code on the household's path, or null when the code is not one of its four levels. */
    public static String levelOf(String placePath, String code) {
        for (String level : LADDER) {
            if (code(placePath, level).equals(code)) {
                return level;
            }
        }
        return null;
    }
}
