package org.lifeline.residents.service;

import org.lifeline.residents.config.Texts;
import org.lifeline.platform.security.AreaPaths;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.residents.repository.SearchRepository;
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
    SearchRepository search;

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
            return search.persons(paths, query, page, size)
                    .map(result -> PageView.of(result.rows().stream().map(SearchService::hit).toList(), page, size,
                            result.total()));
        });
    }

    private static PersonHit hit(Object[] r) {
        Set<VulnerableFlag> flags = r[6] == null ? Set.of() : Arrays.stream(((String) r[6]).split(","))
                .map(code -> Coded.fromCode(VulnerableFlag.class, code))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(VulnerableFlag.class)));
        return new PersonHit(SurveyService.toUuid(r[0]), (String) r[1], Masking.idNumber((String) r[2]),
                Masking.phone((String) r[3]), SurveyService.toUuid(r[4]), (String) r[5], flags);
    }
}
