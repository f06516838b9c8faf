package org.lifeline.residents.service;

import org.lifeline.residents.config.Texts;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.residents.repository.GridRepository;
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
    GridRepository grids;

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
            return grids.insert(request.code(), community.code, request.name().trim(), request.gridWorker())
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
                .flatMap(paths -> grids.householdsToMove(paths, gridCode)
                        .flatMap(ids -> Multi.createFrom().iterable(chunks(ids))
                                .onItem().transformToUniAndConcatenate(chunk -> reassign(gridCode, chunk))
                                .collect().last()))
                .flatMap(n -> view(gridCode)));
    }

    /** Moves these households to the grid, each with a version bump and its {@code grid-assigned} event. */
    private Uni<Void> reassign(String gridCode, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return grids.moveHouseholds(gridCode, ids)
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
        return access.requirePlace(caller, communityCode).flatMap(community -> grids.ofCommunity(community.code)
                .map(rows -> rows.stream().map(GridService::view).toList()));
    }

    private record Grid(String code, String communityCode, String communityPath) {
    }

    private Uni<Grid> grid(Caller caller, String code) {
        return grids.withCommunityPath(code)
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
        return grids.view(code).map(GridService::view);
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
