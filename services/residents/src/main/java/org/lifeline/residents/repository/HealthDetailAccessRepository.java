package org.lifeline.residents.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.residents.model.HealthDetailAccess;

/** {@link HealthDetailAccess} over the reactive session (Panache). */
@ApplicationScoped
public class HealthDetailAccessRepository implements Aggregates<HealthDetailAccess, Long> {
}
