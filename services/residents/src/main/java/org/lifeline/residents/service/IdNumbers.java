package org.lifeline.residents.service;

import org.lifeline.residents.config.Texts;
import org.lifeline.platform.privacy.NationalId;
import org.lifeline.platform.problem.ProblemException;

import java.time.LocalDate;

/** Validates a national ID number for the API and says exactly what is wrong with it. */
final class IdNumbers {

    private IdNumbers() {
    }

    /** @return the normalised number, or throws a 400 problem naming {@code field} */
    static String require(String field, String raw, LocalDate birthDate) {
        String id = NationalId.normalize(raw);
        NationalId.Problem problem = NationalId.check(id);
        if (problem != null) {
            throw ProblemException.invalidField(field, switch (problem) {
                case LENGTH -> Texts.of("register-row.must-have-18-characters");
                case CHARACTERS -> Texts.of("register-row.must-17-digits-followed-by");
                case BIRTH_DATE -> Texts.of("register-row.holds-no-valid-birth-date");
                case CHECK_DIGIT -> Texts.of("register-row.has-wrong-check-digit-gb");
            });
        }
        if (birthDate != null && !birthDate.equals(NationalId.birthDate(id))) {
            throw ProblemException.invalidField(field.replace("idNumber", "birthDate"),
                    Texts.of("id-numbers.does-not-match-birth-date"));
        }
        return id;
    }
}
