package org.lifeline.residents.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.lifeline.residents.model.PlaceLevel;

/** Create a place under a parent (no parent for a city). */
public record PlaceRequest(
        @NotBlank @Pattern(regexp = Codes.PLACE_CODE, message = "{lifeline.place-code}") String code,
        @NotBlank @Size(max = 200) String name,
        @NotNull PlaceLevel level,
        @Pattern(regexp = Codes.PLACE_CODE, message = "{lifeline.place-code}") String parentCode) {
}
