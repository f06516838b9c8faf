package org.lifeline.residents.model;

import org.lifeline.residents.config.Texts;
import org.lifeline.platform.privacy.NationalId;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.residents.model.VulnerableFlag;

import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Set;

/**
 * Vulnerable-person flags that cannot be true of a person, judged from the ID number (birth date, and the
 * 17th digit: odd for men, even for women), whoever enters them:
 * <ul>
 * <li>{@code pregnant}: a woman (even 17th digit) aged 14 to 55;
 * <li>{@code living-alone-over-70}: aged 70 or more;
 * <li>{@code child-without-guardian}: under 18.
 * </ul>
 * {@code disabled}, {@code dialysis}, {@code chronic-illness} and {@code bedridden} happen at any age (children
 * are on dialysis too), so they are not refused; as declarations of a resident they count only once staff
 * verify them. The problem names the flag and the rule, never the number or the birth date.
 */
public final class FlagRules {

    static final int PREGNANT_FROM = 14;
    static final int PREGNANT_TO = 55;
    static final int ALONE_FROM = 70;
    static final int ADULT = 18;
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private FlagRules() {
    }

    /** @param idNumber a valid, normalised number; throws a 400 problem naming {@code field} */
    public static void require(String field, String idNumber, Set<VulnerableFlag> flags) {
        Message impossible = impossible(idNumber, flags);
        if (impossible != null) {
            throw ProblemException.invalidField(field, impossible);
        }
    }

    /** Why the flags cannot be true of the person with this (valid, normalised) number; null if they can. */
    public static Message impossible(String idNumber, Set<VulnerableFlag> flags) {
        if (flags == null || flags.isEmpty()) {
            return null;
        }
        int age = Period.between(NationalId.birthDate(idNumber), LocalDate.now(CHINA)).getYears();
        boolean female = (idNumber.charAt(16) - '0') % 2 == 0;
        if (flags.contains(VulnerableFlag.PREGNANT) && (!female || age < PREGNANT_FROM || age > PREGNANT_TO)) {
            return Texts.of("flag-rules.pregnant-needs-woman-s-id");
        }
        if (flags.contains(VulnerableFlag.LIVING_ALONE_OVER_70) && age < ALONE_FROM) {
            return Texts.of("flag-rules.living-alone-over-70-needs");
        }
        if (flags.contains(VulnerableFlag.CHILD_WITHOUT_GUARDIAN) && age >= ADULT) {
            return Texts.of("flag-rules.child-without-guardian-needs-age");
        }
        return null;
    }
}
