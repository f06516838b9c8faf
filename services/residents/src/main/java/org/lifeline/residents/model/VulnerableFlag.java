package org.lifeline.residents.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why a person needs care first (关爱名单): see GLOSSARY.md. */
public enum VulnerableFlag implements Coded {
    @JsonProperty("living-alone-over-70") LIVING_ALONE_OVER_70("living-alone-over-70"),
    @JsonProperty("disabled") DISABLED("disabled"),
    @JsonProperty("pregnant") PREGNANT("pregnant"),
    @JsonProperty("dialysis") DIALYSIS("dialysis"),
    @JsonProperty("chronic-illness") CHRONIC_ILLNESS("chronic-illness"),
    @JsonProperty("child-without-guardian") CHILD_WITHOUT_GUARDIAN("child-without-guardian"),
    /** Cannot leave home: PCR sampling comes to the door (上门采样), supplies are carried in. */
    @JsonProperty("bedridden") BEDRIDDEN("bedridden");

    private final String code;

    VulnerableFlag(String code) {
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
    public static class Converter extends CodedConverter<VulnerableFlag> {
        public Converter() {
            super(VulnerableFlag.class);
        }
    }
}
