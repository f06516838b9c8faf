package org.lifeline.residents.service;

import org.lifeline.residents.config.Texts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.residents.repository.PersonRepository;
import org.lifeline.residents.repository.HouseholdRepository;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Roles;
import org.lifeline.residents.api.GridApi;
import org.lifeline.residents.event.HouseholdChanged;
import org.lifeline.residents.model.Household;
import org.lifeline.residents.model.Person;
import org.lifeline.residents.model.PlaceLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.Set;

/** Grids of a community: create, assign households by place, list with household counts. */
@ApplicationScoped
public class GridService {

    @Inject
    PersonRepository persons;

    @Inject
    HouseholdRepository households;

    private static final Set<String> MANAGERS = Set.of(Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN);

    @Inject
    AreaAccess access;

    @Inject
    ResidentsEvents events;

    @WithTransaction
    public Uni<GridApi.GridView> create(Caller caller, GridApi.GridRequest request) {
        requireManager(caller);
        return access.requirePlace(caller, request.communityCode()).flatMap(community -> {
            if (community.level != PlaceLevel.COMMUNITY) {
                throw ProblemException.invalidField("communityCode", Texts.of("grid-service.must-community"));
            }
            return Panache.getSession().flatMap(session -> session.createNativeQuery(
                            "INSERT INTO grid (code, community_code, name, grid_worker) VALUES (?1, ?2, ?3, ?4) "
                                    + "ON CONFLICT (code) DO NOTHING")
                    .setParameter(1, request.code()).setParameter(2, community.code)
                    .setParameter(3, request.name().trim()).setParameter(4, request.gridWorker())
                    .executeUpdate())
                    .map(rows -> {
                        if (rows == 0) {
                            throw ProblemException.conflict(Texts.of("grid-service.grid-already-exists", request.code()));
                        }
                        return new GridApi.GridView(request.code(), community.code, request.name().trim(),
                                request.gridWorker(), 0);
                    })
                    .flatMap(view -> events.gridCreated(view).replaceWith(view));
        });
    }

    /** Assigns the households under the given places (all inside the grid's community) to the grid. */
    @WithTransaction
    public Uni<GridApi.GridView> assign(Caller caller, String gridCode, GridApi.AssignRequest request) {
        requireManager(caller);
        return grid(caller, gridCode).flatMap(grid -> Multi.createFrom().iterable(request.placeCodes())
                .onItem().transformToUniAndConcatenate(code -> access.requirePlace(caller, code).map(place -> {
                    if (!place.path.startsWith(grid.communityPath())) {
                        throw ProblemException.invalidField("placeCodes", Texts.of("grid-service.not-grid-s-community", code));
                    }
                    return place.path;
                }))
                .collect().asList()
                .flatMap(paths -> Panache.getSession().flatMap(session -> {
                    // the households that change grid, then one update and one HouseholdChanged each
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
                    return chain.flatMap(ids -> Multi.createFrom().iterable(chunks(ids.stream().distinct().toList()))
                            .onItem().transformToUniAndConcatenate(chunk -> reassign(session, gridCode, chunk))
                            .collect().last());
                }))
                .flatMap(n -> view(gridCode)));
    }

    /** Moves these households to the grid, each with a version bump and its {@code grid-assigned} event. */
    private Uni<Void> reassign(org.hibernate.reactive.mutiny.Mutiny.Session session, String gridCode, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery("UPDATE household SET grid_code = ?1, version = version + 1, updated_at = now() "
                        + "WHERE id IN (?2)")
                .setParameter(1, gridCode).setParameter(2, ids).executeUpdate()
                .flatMap(n -> households.where("id in ?1", ids))
                .flatMap(households -> persons.where("householdId in ?1", ids).map(persons -> {
                    Map<UUID, List<Person>> byHousehold = persons.stream()
                            .collect(Collectors.groupingBy(p -> p.householdId));
                    return households.stream().map(h -> Map.entry(h, byHousehold.getOrDefault(h.id, List.of()))).toList();
                }))
                .flatMap(pairs -> Multi.createFrom().iterable(pairs)
                        .onItem().transformToUniAndConcatenate(e -> events.householdChanged(
                                HouseholdChanged.Change.GRID_ASSIGNED, e.getKey(), e.getValue()))
                        .collect().last().replaceWithVoid());
    }

    private static List<List<UUID>> chunks(List<UUID> ids) {
        List<List<UUID>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 1000) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + 1000)));
        }
        if (chunks.isEmpty()) {
            chunks.add(List.of());
        }
        return chunks;
    }

    @WithSession
    public Uni<List<GridApi.GridView>> list(Caller caller, String communityCode) {
        return access.requirePlace(caller, communityCode).flatMap(community -> Panache.getSession().flatMap(session ->
                session.createNativeQuery("SELECT g.code, g.community_code, g.name, g.grid_worker, "
                                + "(SELECT count(*) FROM household h WHERE h.grid_code = g.code) FROM grid g "
                                + "WHERE g.community_code = ?1 ORDER BY g.code", Object[].class)
                        .setParameter(1, community.code).getResultList()
                        .map(rows -> rows.stream().map(GridService::view).toList())));
    }

    private record Grid(String code, String communityCode, String communityPath) {
    }

    private Uni<Grid> grid(Caller caller, String code) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "SELECT g.code, g.community_code, p.path FROM grid g JOIN place p ON p.code = g.community_code "
                                + "WHERE g.code = ?1", Object[].class)
                .setParameter(1, code).getResultList())
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().failure(ProblemException.notFound("Grid", code));
                    }
                    Grid grid = new Grid((String) rows.get(0)[0], (String) rows.get(0)[1], (String) rows.get(0)[2]);
                    return access.requirePlace(caller, grid.communityCode()).replaceWith(grid)
                            .onFailure(ProblemException.class).transform(e -> ProblemException.notFound("Grid", code));
                });
    }

    private Uni<GridApi.GridView> view(String code) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "SELECT g.code, g.community_code, g.name, g.grid_worker, "
                                + "(SELECT count(*) FROM household h WHERE h.grid_code = g.code) FROM grid g WHERE g.code = ?1",
                        Object[].class)
                .setParameter(1, code).getSingleResult().map(GridService::view));
    }

    private static GridApi.GridView view(Object[] r) {
        return new GridApi.GridView((String) r[0], (String) r[1], (String) r[2], (String) r[3], ((Number) r[4]).longValue());
    }

    private static void requireManager(Caller caller) {
        if (!caller.hasAnyRole(MANAGERS)) {
            throw ProblemException.forbidden(Texts.of("grid-service.role-does-not-manage-grids"));
        }
    }
}
