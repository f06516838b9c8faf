package org.lifeline.residents.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;
import org.lifeline.residents.model.Relation;
import org.lifeline.residents.model.VulnerableFlag;

import java.time.LocalDate;
import java.util.Set;

/**
 * A person to register or update. {@code idNumber} is checked with the GB 11643 check digit;
 * {@code birthDate} may be left out (it is read from the ID number) but must agree with it if given.
 */
public record PersonRequest(
        @NotBlank @Size(max = 100) String name,
        @NotBlank String idNumber,
        @Pattern(regexp = Codes.PHONE, message = "{lifeline.phone}") String phone,
        @PastOrPresent LocalDate birthDate,
        @NotNull Relation relation,
        Set<@NotNull VulnerableFlag> flags) {

    public Set<VulnerableFlag> flagsOrEmpty() {
        return flags == null ? Set.of() : flags;
    }
}
