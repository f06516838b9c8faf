package org.lifeline.residents.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Map;

/**
 * What a use case does with an aggregate over the reactive session (Hibernate Reactive Panache), the same for every
 * entity repository: the service layer calls these, never Panache itself (the layout rule "Panache queries only in
 * repository"). Queries particular to one aggregate are methods of its repository.
 */
public interface Aggregates<E, K> extends PanacheRepositoryBase<E, K> {

    default Uni<E> byId(K id) {
        return findById(id);
    }

    default Uni<E> add(E entity) {
        return persist(entity);
    }

    default Uni<Void> remove(E entity) {
        return delete(entity);
    }

    default Uni<E> first(String query, Object... params) {
        return find(query, params).firstResult();
    }

    default Uni<List<E>> where(String query, Object... params) {
        return list(query, params);
    }

    default Uni<Long> countWhere(String query, Object... params) {
        return count(query, params);
    }

    default Uni<Long> countWhere(String query, Map<String, Object> params) {
        return count(query, params);
    }

    default Uni<List<E>> page(String query, Map<String, Object> params, int page, int size) {
        return find(query, params).page(page, size).list();
    }

    default Uni<List<E>> page(String query, Sort sort, int page, int size, Object... params) {
        return find(query, sort, params).page(page, size).list();
    }

    /** Writes the session's pending changes (so a version or generated value is current). */
    default Uni<Void> flushSession() {
        return Panache.flush();
    }
}
