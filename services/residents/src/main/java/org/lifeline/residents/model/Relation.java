package org.lifeline.residents.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A person's relation to the householder (户主). */
public enum Relation implements Coded {
    @JsonProperty("householder") HOUSEHOLDER("householder"),
    @JsonProperty("spouse") SPOUSE("spouse"),
    @JsonProperty("child") CHILD("child"),
    @JsonProperty("parent") PARENT("parent"),
    @JsonProperty("grandparent") GRANDPARENT("grandparent"),
    @JsonProperty("grandchild") GRANDCHILD("grandchild"),
    @JsonProperty("sibling") SIBLING("sibling"),
    @JsonProperty("other-relative") OTHER_RELATIVE("other-relative"),
    @JsonProperty("tenant") TENANT("tenant"),
    @JsonProperty("other") OTHER("other");

    private final String code;

    Relation(String code) {
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

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends CodedConverter<Relation> {
        public Converter() {
            super(Relation.class);
        }
    }
}
