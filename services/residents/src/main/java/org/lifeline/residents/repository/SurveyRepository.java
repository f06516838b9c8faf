package org.lifeline.residents.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.platform.security.AreaPaths;

import java.util.List;
import java.util.UUID;

/** The survey's set-based reads: progress per building and per grid, households not visited (native SQL). */
@ApplicationScoped
public class SurveyRepository {

    private static final String LATEST = "LEFT JOIN LATERAL (SELECT v.visited FROM survey_visit v WHERE v.round_id = ?1 "
            + "AND v.household_id = h.id ORDER BY v.id DESC LIMIT 1) lv ON true ";

    /** A page of rows and the total. */
    public record Page(List<Object[]> rows, long total) {
    }

    /** Per building inside the prefixes: parent code, name, households, visited, attempted (not reached). */
    public Uni<List<Object[]>> buildingProgress(UUID roundId, List<String> prefixes) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT u.parent_code, b.name, count(*), count(*) FILTER (WHERE lv.visited), "
                        + "count(*) FILTER (WHERE lv.visited = false) "
                        + "FROM household h JOIN place u ON u.code = h.unit_code JOIN place b ON b.code = u.parent_code "
                        + LATEST + "WHERE " + AreaPaths.sqlWithin("h.place_path", prefixes)
                        + " GROUP BY u.parent_code, b.name ORDER BY u.parent_code", Object[].class)
                .setParameter(1, roundId)
                .getResultList());
    }

    /** Per grid inside the prefixes: code, name, grid worker, households, visited. */
    public Uni<List<Object[]>> gridProgress(UUID roundId, List<String> prefixes) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT g.code, g.name, g.grid_worker, count(*), "
                        + "count(*) FILTER (WHERE lv.visited) FROM household h JOIN grid g ON g.code = h.grid_code "
                        + LATEST + "WHERE " + AreaPaths.sqlWithin("h.place_path", prefixes)
                        + " GROUP BY g.code, g.name, g.grid_worker ORDER BY g.code", Object[].class)
                .setParameter(1, roundId)
                .getResultList());
    }

    /** Households inside the prefixes not (yet) reached in the round: id, code, reason, when; by code. */
    public Uni<Page> unvisited(UUID roundId, List<String> prefixes, int page, int size) {
        String from = "FROM household h LEFT JOIN LATERAL (SELECT v.visited, v.not_visited_reason, v.recorded_at "
                + "FROM survey_visit v WHERE v.round_id = ?1 AND v.household_id = h.id ORDER BY v.id DESC LIMIT 1) lv "
                + "ON true WHERE (lv.visited IS NULL OR lv.visited = false) AND " + AreaPaths.sqlWithin("h.place_path", prefixes);
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT count(*) " + from, Long.class).setParameter(1, roundId).getSingleResult()
                .flatMap(total -> session.createNativeQuery("SELECT h.id, h.code, lv.not_visited_reason, lv.recorded_at "
                                + from + " ORDER BY h.code LIMIT " + size + " OFFSET " + ((long) page * size), Object[].class)
                        .setParameter(1, roundId).getResultList()
                        .map(rows -> new Page(rows, total))));
    }
}
