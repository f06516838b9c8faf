package org.lifeline.residents.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Register a household at a unit and room, optionally with its members. */
public record HouseholdRequest(
        @NotBlank @Pattern(regexp = Codes.PLACE_CODE, message = "{lifeline.place-code}") String unitCode,
        @NotBlank @Pattern(regexp = Codes.ROOM, message = "{lifeline.room}") String room,
        @Size(max = 30) List<@Valid PersonRequest> persons) {

    public List<PersonRequest> personsOrEmpty() {
        return persons == null ? List.of() : persons;
    }
}
