package org.lifeline.residents.service;

import org.lifeline.residents.config.Texts;
import org.lifeline.platform.security.AreaPaths;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.privacy.Masking;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.api.PageView;
import org.lifeline.residents.api.PersonHit;
import org.lifeline.residents.model.Coded;
import org.lifeline.residents.model.VulnerableFlag;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Staff search within their areas: four digits find the last four of a phone or ID number (indexed
 * columns), an address code finds everyone at or under it (prefix index), anything else is part of
 * a name (character-pair index, V8). Results show masked numbers, like every other list.
 */
@ApplicationScoped
public class SearchService {

    @Inject
    AreaAccess access;

    @WithSession
    public Uni<PageView<PersonHit>> persons(Caller caller, String q, int page, int size) {
        String query = q == null ? "" : q.trim();
        if (query.isEmpty() || query.length() > 64) {
            throw ProblemException.invalidField("q", Texts.of("search-service.must-1-64-characters-part"));
        }
        return access.visiblePaths(caller).flatMap(paths -> {
            if (paths.isEmpty()) {
                return Uni.createFrom().item(PageView.<PersonHit>of(List.of(), page, size, 0));
            }
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
                            .map(rows -> PageView.of(rows.stream().map(SearchService::hit).toList(), page, size, total))));
        });
    }

    private static <T> org.hibernate.reactive.mutiny.Mutiny.SelectionQuery<T> bind(
            org.hibernate.reactive.mutiny.Mutiny.SelectionQuery<T> query, String value, String like) {
        query.setParameter(1, value);
        if (like != null) {
            query.setParameter(2, like);
        }
        return query;
    }

    private static PersonHit hit(Object[] r) {
        Set<VulnerableFlag> flags = r[6] == null ? Set.of() : Arrays.stream(((String) r[6]).split(","))
                .map(code -> Coded.fromCode(VulnerableFlag.class, code))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(VulnerableFlag.class)));
        return new PersonHit(SurveyService.toUuid(r[0]), (String) r[1], Masking.idNumber((String) r[2]),
                Masking.phone((String) r[3]), SurveyService.toUuid(r[4]), (String) r[5], flags);
    }
}
