package org.lifeline.residents.service;

import org.lifeline.platform.privacy.Masking;
import org.lifeline.residents.api.HouseholdStatusView;
import org.lifeline.residents.api.HouseholdSummary;
import org.lifeline.residents.api.HouseholdView;
import org.lifeline.residents.api.PersonView;
import org.lifeline.residents.api.PlaceView;
import org.lifeline.residents.api.StatusChangeView;
import org.lifeline.residents.model.Household;
import org.lifeline.residents.model.HouseholdStatusChange;
import org.lifeline.residents.model.Person;
import org.lifeline.residents.model.Place;
import org.lifeline.residents.repository.HouseholdRepository;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Entity to API record mapping; masking happens here and nowhere else. */
public final class Views {

    public static final String ID_NUMBER = "idNumber";
    public static final String PHONE = "phone";

    private Views() {
    }

    public static PlaceView place(Place p) {
        return new PlaceView(p.code, p.name, p.level, p.parentCode, p.path);
    }

    public static HouseholdStatusView status(Household h) {
        return new HouseholdStatusView(h.status, h.statusReason, h.statusSource, h.statusSince, h.statusUntil);
    }

    public static HouseholdView household(Household h, List<Person> persons) {
        return new HouseholdView(h.id, h.code, h.unitCode, h.room, status(h),
                persons.stream().sorted(Comparator.comparing((Person p) -> p.relation.ordinal()).thenComparing(p -> p.name))
                        .map(p -> person(p, Set.of())).toList(),
                h.version, h.createdAt, h.updatedAt);
    }

    public static HouseholdSummary summary(HouseholdRepository.Line l) {
        return new HouseholdSummary(l.id(), l.code(), l.unitCode(), l.room(), new HouseholdStatusView(l.status(),
                l.statusReason(), l.statusSource(), l.statusSince(), l.statusUntil()), l.members(), l.flags());
    }

    /** @param revealed the fields to show unmasked; the caller has audited the read */
    public static PersonView person(Person p, Set<String> revealed) {
        return new PersonView(p.id, p.householdId, p.name,
                revealed.contains(ID_NUMBER) ? p.idNumber : Masking.idNumber(p.idNumber),
                revealed.contains(PHONE) ? p.phone : Masking.phone(p.phone),
                p.birthDate.getYear(), p.relation,
                Set.copyOf(p.flags), revealed.stream().sorted().toList(), p.version, p.verified,
                Set.copyOf(p.declaredFlags));
    }

    public static StatusChangeView statusChange(HouseholdStatusChange c) {
        return new StatusChangeView(c.status, c.reason, c.source, c.changedBy, c.startedAt, c.until, c.recordedAt);
    }
}
