package org.lifeline.residents.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.platform.security.AreaPaths;

import java.util.List;
import java.util.UUID;

/** Person search (native SQL over the reactive session, on the search indexes of V8). */
@ApplicationScoped
public class SearchRepository {

    /** Rows (person id, name, ID number, phone, household id, household code, flags) and the total. */
    public record Page(List<Object[]> rows, long total) {
    }

    /** Persons inside these path prefixes matching {@code query}: last 4 digits, an address code, or part of a name. */
    public Uni<Page> persons(List<String> paths, String query, int page, int size) {
        String scope = AreaPaths.sqlWithin("h.place_path", paths);
        String match;
        String value;
        String like = null;
        if (query.matches("[0-9Xx]{4}")) {
            match = "(p.phone_last4 = ?1 OR p.id_last4 = ?1)";
            value = query.toUpperCase(java.util.Locale.ROOT);
        } else if (query.matches("[0-9]{6,}[0-9A-Za-z-]*")) {
            match = "h.code LIKE ?1";
            value = query + "%";
        } else {
            // the name's character pairs (GIN index, V8), then the exact part
            match = "p.name_grams @> name_query_grams(CAST(?1 AS text)) AND lower(p.name) LIKE ?2";
            value = query;
            like = "%" + query.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%";
        }
        String pattern = like;
        String from = " FROM person p JOIN household h ON h.id = p.household_id WHERE " + match + " AND " + scope;
        String select = "SELECT p.id, p.name, p.id_number, p.phone, h.id AS hid, h.code, "
                + "(SELECT string_agg(f.flag, ',' ORDER BY f.flag) FROM person_flag f WHERE f.person_id = p.id)"
                + from + " ORDER BY h.code, p.name LIMIT " + size + " OFFSET " + ((long) page * size);
        return Panache.getSession().flatMap(session -> bind(session.createNativeQuery("SELECT count(*)" + from, Long.class),
                        value, pattern).getSingleResult()
                .flatMap(total -> bind(session.createNativeQuery(select, Object[].class), value, pattern)
                        .getResultList()
                        .map(rows -> new Page(rows, total))));
    }

    private static <T> org.hibernate.reactive.mutiny.Mutiny.SelectionQuery<T> bind(
            org.hibernate.reactive.mutiny.Mutiny.SelectionQuery<T> query, String value, String like) {
        query.setParameter(1, value);
        if (like != null) {
            query.setParameter(2, like);
        }
        return query;
    }

    /** A person whose phone matched, and their household. */
    public record PhoneHolder(UUID personId, UUID householdId, String householdCode, String placePath) {
    }

    /**
     * Persons inside these path prefixes whose phone, as digits, is {@code digits} (index person_phone_digits, V16),
     * by household code; at most {@code limit}.
     */
    public Uni<List<PhoneHolder>> phoneHolders(List<String> paths, String digits, int limit) {
        String sql = "SELECT p.id, h.id AS hid, h.code, h.place_path FROM person p JOIN household h ON h.id = p.household_id"
                + " WHERE replace(p.phone, '-', '') = ?1 AND p.phone IS NOT NULL AND "
                + AreaPaths.sqlWithin("h.place_path", paths) + " ORDER BY h.code, p.id LIMIT " + limit;
        return Panache.getSession().flatMap(session -> session.createNativeQuery(sql, Object[].class)
                .setParameter(1, digits).getResultList()
                .map(rows -> rows.stream().map(r -> new PhoneHolder(Rows.uuid(r[0]), Rows.uuid(r[1]), (String) r[2], (String) r[3]))
                        .toList()));
    }
}
