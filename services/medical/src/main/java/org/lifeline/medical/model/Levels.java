package org.lifeline.medical.model;

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

    /** Who is told at a level. */
    public static String audience(String level) {
        return switch (level) {
            case "community" -> "community-staff,grid-worker";
            case "street" -> "street-officer";
            case "district" -> "district-officer,health-officer";
            default -> "health-officer";
        };
    }

    /** The staff role that handles a request at this level or above (health officers always may). */
    public static int rank(String level) {
        return LADDER.indexOf(level);
    }
}
