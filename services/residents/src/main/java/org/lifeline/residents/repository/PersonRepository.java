package org.lifeline.residents.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.residents.model.Person;

import java.util.List;
import java.util.UUID;

/** Persons over the reactive session (Panache). */
@ApplicationScoped
public class PersonRepository implements PanacheRepositoryBase<Person, UUID> {

    public Uni<List<Person>> ofHousehold(UUID householdId) {
        return list("householdId", householdId);
    }
}
