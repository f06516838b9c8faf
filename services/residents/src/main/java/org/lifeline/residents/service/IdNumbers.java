package org.lifeline.residents.service;

import org.lifeline.platform.privacy.NationalId;
import org.lifeline.platform.problem.Message;
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
                case LENGTH -> Message.of("must have 18 characters", "必须为18位");
                case CHARACTERS -> Message.of("must be 17 digits followed by a digit or X", "必须为17位数字加1位数字或X");
                case BIRTH_DATE -> Message.of("holds no valid birth date (characters 7-14)", "第7-14位不是有效的出生日期");
                case CHECK_DIGIT -> Message.of("has a wrong check digit (GB 11643): check for a typing mistake",
                        "校验位错误（GB 11643），请检查是否输错");
            });
        }
        if (birthDate != null && !birthDate.equals(NationalId.birthDate(id))) {
            throw ProblemException.invalidField(field.replace("idNumber", "birthDate"),
                    Message.of("does not match the birth date in the ID number", "与身份证号中的出生日期不一致"));
        }
        return id;
    }
}
