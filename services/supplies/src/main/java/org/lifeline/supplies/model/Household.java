package org.lifeline.supplies.model;

import java.util.UUID;

/** A household as the read model knows it. */
public record Household(UUID id, String code, String placePath, String status) {

    public String buildingPath() {
        int end = placePath.lastIndexOf('/', placePath.length() - 2);
        return placePath.substring(0, end + 1);
    }

    /** The community is the fourth level of the path: /city/district/street/community/... */
    public String communityCode() {
        String[] parts = placePath.split("/");
        return parts.length > 5 ? parts[4] : null;
    }
}
