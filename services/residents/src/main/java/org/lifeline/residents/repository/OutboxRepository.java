package org.lifeline.residents.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.platform.outbox.Outbox;
import org.lifeline.residents.model.OutboxEvent;

/** The outbox over the reactive session: persists the rows {@link Outbox#row} builds, in the caller's transaction. */
@ApplicationScoped
public class OutboxRepository implements Aggregates<OutboxEvent, Long> {

    public Uni<Void> append(Outbox.Row row) {
        OutboxEvent entity = new OutboxEvent();
        entity.eventId = row.eventId();
        entity.topic = row.topic();
        entity.eventKey = row.key();
        entity.eventType = row.type();
        entity.payload = row.payload();
        return persist(entity).replaceWithVoid();
    }
}
