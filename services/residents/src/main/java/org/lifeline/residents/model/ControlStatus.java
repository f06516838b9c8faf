package org.lifeline.residents.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Household control status, least to most restrictive: 常态 / 防范区 / 管控区 / 封控区. */
public enum ControlStatus implements Coded {
    @JsonProperty("normal") NORMAL("normal"),
    @JsonProperty("precaution") PRECAUTION("precaution"),
    @JsonProperty("controlled") CONTROLLED("controlled"),
    @JsonProperty("sealed") SEALED("sealed");

    private final String code;

    ControlStatus(String code) {
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
    public static class Converter extends CodedConverter<ControlStatus> {
        public Converter() {
            super(ControlStatus.class);
        }
    }
}
