package org.lifeline.platform.security;

import java.util.List;

/**
 * Place paths ({@code /6101/610113/.../}) as every service scopes by them (ARCHITECTURE.md rule 4):
 * a caller's areas are path prefixes, and "inside" is a prefix match.
 */
public final class AreaPaths {

    private AreaPaths() {
    }

    public static boolean within(List<String> paths, String path) {
        return path != null && paths.stream().anyMatch(path::startsWith);
    }

    /** A path, refused unless it holds only code characters, so it can stand as a SQL literal. */
    public static String literal(String path) {
        if (!path.matches("[/0-9A-Za-z-]+")) {
            throw new IllegalStateException("unexpected path " + path);
        }
        return path;
    }

    /**
     * A SQL (or HQL) condition {@code (column LIKE '<path>%' OR ...)}, {@code FALSE} for no paths. Literals,
     * not parameters: PostgreSQL's prefix index is then used whatever plan it caches.
     */
    public static String sqlWithin(String column, List<String> paths) {
        if (paths.isEmpty()) {
            return "FALSE";
        }
        StringBuilder clause = new StringBuilder("(");
        for (int i = 0; i < paths.size(); i++) {
            clause.append(i == 0 ? "" : " OR ").append(column).append(" LIKE '").append(literal(paths.get(i))).append("%'");
        }
        return clause.append(")").toString();
    }
}
