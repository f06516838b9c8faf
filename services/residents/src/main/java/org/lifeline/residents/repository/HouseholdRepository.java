package org.lifeline.residents.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.residents.model.Household;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Households over the reactive session (Panache): the aggregates a use case reads and changes. */
@ApplicationScoped
public class HouseholdRepository implements PanacheRepositoryBase<Household, UUID> {

    public Uni<Household> byCode(String code) {
        return find("code", code).firstResult();
    }

    /**
     * Up to {@code limit} households whose control status ended by {@code now}, locked for this transaction;
     * rows another replica holds are skipped ({@code FOR UPDATE SKIP LOCKED}), so no household is lifted twice.
     */
    public Uni<List<UUID>> claimExpired(OffsetDateTime now, int limit) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT id FROM household WHERE status <> 'normal' AND status_until IS NOT NULL "
                        + "AND status_until <= ?1 ORDER BY status_until LIMIT ?2 FOR UPDATE SKIP LOCKED", Object.class)
                .setParameter(1, now).setParameter(2, limit)
                .getResultList())
                .map(ids -> ids.stream().map(Rows::uuid).toList());
    }

    /** Writes the session's pending changes (so a version or generated value is current). */
    public Uni<Void> flushSession() {
        return Panache.flush();
    }
}
