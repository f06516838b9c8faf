package org.lifeline.residents.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.residents.model.HouseholdStatusChange;

import java.util.List;
import java.util.UUID;

/** A household's control-status history (Panache). */
@ApplicationScoped
public class StatusChangeRepository implements Aggregates<HouseholdStatusChange, Long> {

    /** Newest first. */
    public Uni<List<HouseholdStatusChange>> history(UUID householdId) {
        return list("householdId = ?1 order by id desc", householdId);
    }
}
