package org.lifeline.residents.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Levels of the place hierarchy (ARCHITECTURE.md, Places), from the top. Households sit in units. */
public enum PlaceLevel implements Coded {
    @JsonProperty("city") CITY("city"),
    @JsonProperty("district") DISTRICT("district"),
    @JsonProperty("street") STREET("street"),
    @JsonProperty("community") COMMUNITY("community"),
    @JsonProperty("compound") COMPOUND("compound"),
    @JsonProperty("building") BUILDING("building"),
    @JsonProperty("unit") UNIT("unit");

    private final String code;

    PlaceLevel(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }

    /** The level a child of this level must have, or null for a unit. */
    public PlaceLevel childLevel() {
        return ordinal() + 1 < values().length ? values()[ordinal() + 1] : null;
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends CodedConverter<PlaceLevel> {
        public Converter() {
            super(PlaceLevel.class);
        }
    }
}
