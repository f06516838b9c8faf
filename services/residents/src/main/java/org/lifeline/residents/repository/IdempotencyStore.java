package org.lifeline.residents.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import org.lifeline.platform.idempotency.ReactiveIdempotency;

import java.util.List;
import java.util.function.Supplier;

/**
 * The platform's {@link ReactiveIdempotency} over residents' reactive session: its statements run in the write's
 * transaction (Panache joins the current one), so a key's response is recorded with the write it describes.
 */
@ApplicationScoped
public class IdempotencyStore implements ReactiveIdempotency.Store {

    @Override
    public Uni<Integer> execute(String sql, Object... parameters) {
        return Panache.withTransaction(() -> Panache.getSession()
                .flatMap(session -> bind(session.createNativeQuery(numbered(sql)), parameters).executeUpdate()));
    }

    @Override
    public Uni<List<Object[]>> query(String sql, Object... parameters) {
        return Panache.withSession(() -> Panache.getSession().flatMap(session -> {
            Mutiny.SelectionQuery<Object[]> query = session.createNativeQuery(numbered(sql), Object[].class);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.getResultList();
        }));
    }

    @Override
    public <T> Uni<T> transaction(Supplier<Uni<T>> work) {
        return Panache.withTransaction(work);
    }

    private static Mutiny.MutationQuery bind(Mutiny.MutationQuery query, Object[] parameters) {
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query;
    }

    /** JDBC-style {@code ?} to Hibernate's numbered {@code ?1}, {@code ?2}, ... */
    static String numbered(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int n = 0;
        for (char ch : sql.toCharArray()) {
            out.append(ch);
            if (ch == '?') {
                out.append(++n);
            }
        }
        return out.toString();
    }
}
