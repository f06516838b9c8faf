package org.lifeline.residents.repository;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.residents.model.PersonalDataAccess;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The audit of unmasked personal data reads (Panache). */
@ApplicationScoped
public class PersonalDataAccessRepository implements Aggregates<PersonalDataAccess, Long> {

    /** Reads of households inside these path prefixes (of one person if given), newest first. */
    public Uni<List<PersonalDataAccess>> audit(List<String> paths, UUID personId, int page, int size) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder where = new StringBuilder("a.householdId in (select h.id from Household h where ")
                .append(AreaPaths.sqlWithin("h.placePath", paths)).append(")");
        if (personId != null) {
            where.append(" and a.personId = :person");
            params.put("person", personId);
        }
        return find("from PersonalDataAccess a where " + where + " order by a.id desc", params).page(page, size).list();
    }
}
