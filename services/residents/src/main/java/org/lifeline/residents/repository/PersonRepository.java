package org.lifeline.residents.repository;

import org.lifeline.platform.security.AreaPaths;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.residents.model.Person;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Persons over the reactive session (Panache). */
@ApplicationScoped
public class PersonRepository implements Aggregates<Person, UUID> {

    public Uni<List<Person>> ofHousehold(UUID householdId) {
        return list("householdId", householdId);
    }

    /** What residents declared inside these path prefixes and staff have not verified yet, oldest first; the total. */
    public Uni<Map.Entry<List<Person>, Long>> pending(List<String> paths, int page, int size) {
        var query = find("from Person p where (p.verified = false or p.declaredFlags is not empty) "
                + "and p.householdId in (select h.id from Household h where " + AreaPaths.sqlWithin("h.placePath", paths)
                + ") order by p.updatedAt, p.id");
        return query.count().flatMap(total -> query.page(page, size).list().map(list -> Map.entry(list, total)));
    }
}
