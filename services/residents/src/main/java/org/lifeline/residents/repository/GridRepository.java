package org.lifeline.residents.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Grids (网格) and the households' grid (native SQL over the reactive session: table {@code grid}). */
@ApplicationScoped
public class GridRepository {

    /** 1 if created, 0 if the code is taken. */
    public Uni<Integer> insert(String code, String communityCode, String name, String gridWorker) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "INSERT INTO grid (code, community_code, name, grid_worker) VALUES (?1, ?2, ?3, ?4) "
                                + "ON CONFLICT (code) DO NOTHING")
                .setParameter(1, code).setParameter(2, communityCode)
                .setParameter(3, name).setParameter(4, gridWorker)
                .executeUpdate());
    }

    /** The households under these paths whose grid is not this one yet (each once). */
    public Uni<List<UUID>> householdsToMove(List<String> paths, String gridCode) {
        return Panache.getSession().flatMap(session -> {
            Uni<List<UUID>> chain = Uni.createFrom().item(new ArrayList<>());
            for (String path : paths) {
                chain = chain.flatMap(ids -> session.createNativeQuery("SELECT id FROM household "
                                        + "WHERE place_path LIKE ?1 AND grid_code IS DISTINCT FROM ?2", UUID.class)
                        .setParameter(1, path + "%").setParameter(2, gridCode).getResultList()
                        .map(found -> {
                            ids.addAll(found);
                            return ids;
                        }));
            }
            return chain.map(ids -> ids.stream().distinct().toList());
        });
    }

    /** Sets the grid of these households, each with a version bump. */
    public Uni<Integer> moveHouseholds(String gridCode, List<UUID> ids) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("UPDATE household SET grid_code = ?1, "
                        + "version = version + 1, updated_at = now() WHERE id IN (?2)")
                .setParameter(1, gridCode).setParameter(2, ids).executeUpdate());
    }

    /** Code, community, name, grid worker, households; of a community, by code. */
    public Uni<List<Object[]>> ofCommunity(String communityCode) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("SELECT g.code, g.community_code, "
                        + "g.name, g.grid_worker, (SELECT count(*) FROM household h WHERE h.grid_code = g.code) FROM grid g "
                        + "WHERE g.community_code = ?1 ORDER BY g.code", Object[].class)
                .setParameter(1, communityCode).getResultList());
    }

    /** Code, community code, community path; empty if no such grid. */
    public Uni<List<Object[]>> withCommunityPath(String code) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "SELECT g.code, g.community_code, p.path FROM grid g JOIN place p ON p.code = g.community_code "
                                + "WHERE g.code = ?1", Object[].class)
                .setParameter(1, code).getResultList());
    }

    /** Code, community, name, grid worker, households. */
    public Uni<Object[]> view(String code) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "SELECT g.code, g.community_code, g.name, g.grid_worker, "
                                + "(SELECT count(*) FROM household h WHERE h.grid_code = g.code) FROM grid g WHERE g.code = ?1",
                        Object[].class)
                .setParameter(1, code).getSingleResult());
    }
}
