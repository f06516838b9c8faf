package org.lifeline.residents.api;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Rename a place and/or move it (with everything under it) to another parent of the right level. */
public record PlaceChangeRequest(
        @Size(min = 1, max = 200) String name,
        @Pattern(regexp = Codes.PLACE_CODE, message = "{lifeline.place-code}") String parentCode) {
}
