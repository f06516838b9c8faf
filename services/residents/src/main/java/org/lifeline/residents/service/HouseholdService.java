package org.lifeline.residents.service;

import org.lifeline.residents.config.Texts;
import org.lifeline.platform.security.AreaPaths;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.residents.api.HouseholdRequest;
import org.lifeline.residents.api.HouseholdSummary;
import org.lifeline.residents.api.HouseholdView;
import org.lifeline.platform.api.PageView;
import org.lifeline.residents.api.PersonRequest;
import org.lifeline.residents.api.StatusChangeView;
import org.lifeline.residents.api.StatusRequest;
import org.lifeline.residents.event.HouseholdChanged;
import org.lifeline.residents.model.ControlStatus;
import org.lifeline.residents.model.Household;
import org.lifeline.residents.model.HouseholdStatusChange;
import org.lifeline.residents.model.Person;
import org.lifeline.residents.model.PlaceLevel;
import org.lifeline.residents.model.VulnerableFlag;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Households: register, list within the caller's areas, read, change control status. */
@ApplicationScoped
public class HouseholdService {

    @Inject
    AreaAccess access;

    @Inject
    ResidentsEvents events;

    @Inject
    PersonService persons;

    @Inject
    ControlPolicy policy;

    /** Filters of the household list; all optional. */
    public record Filter(String place, ControlStatus status, VulnerableFlag flag) {
    }

    @WithSession
    public Uni<PageView<HouseholdSummary>> list(Caller caller, Filter filter, int page, int size) {
        Uni<List<String>> scope = filter.place() == null ? access.visiblePaths(caller)
                : access.requirePlace(caller, filter.place()).map(p -> List.of(p.path));
        return scope.flatMap(paths -> {
            if (paths.isEmpty()) {
                return Uni.createFrom().item(PageView.<HouseholdSummary>of(List.of(), page, size, 0));
            }
            Map<String, Object> params = new HashMap<>();
            // the path prefixes as literals: a LIKE with a bound parameter cannot use the prefix index
            // once PostgreSQL switches to a generic plan, and then scans every household of the city
            StringBuilder where = new StringBuilder(AreaPaths.sqlWithin("h.placePath", paths));
            if (filter.status() != null) {
                where.append(" and h.status = :status");
                params.put("status", filter.status());
            }
            if (filter.flag() != null) {
                where.append(" and exists (select 1 from Person p join p.flags f where p.householdId = h.id and f = :flag)");
                params.put("flag", filter.flag());
            }
            // address order, the order of the (place_path, room) index: no sort of the whole area per page
            var query = Household.<Household>find("from Household h where " + where + " order by h.placePath, h.room",
                    params);
            return query.count().flatMap(total -> query.page(page, size).list()
                    .flatMap(households -> summaries(households)
                            .map(items -> PageView.of(items, page, size, total))));
        });
    }

    private Uni<List<HouseholdSummary>> summaries(List<Household> households) {
        if (households.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> ids = households.stream().map(h -> h.id).toList();
        // two aggregate queries for the page, not the persons and their flags one by one
        return Panache.getSession().flatMap(session -> session.createSelectionQuery(
                        "select p.householdId, count(p) from Person p where p.householdId in :ids group by p.householdId",
                        Object[].class).setParameter("ids", ids).getResultList()
                .flatMap(countRows -> session.createSelectionQuery(
                                "select distinct p.householdId, f from Person p join p.flags f where p.householdId in :ids",
                                Object[].class).setParameter("ids", ids).getResultList()
                        .map(flagRows -> {
                            Map<UUID, Long> counts = new HashMap<>();
                            for (Object[] r : countRows) {
                                counts.put((UUID) r[0], ((Number) r[1]).longValue());
                            }
                            Map<UUID, Set<VulnerableFlag>> flags = new HashMap<>();
                            for (Object[] r : flagRows) {
                                flags.computeIfAbsent((UUID) r[0], k -> EnumSet.noneOf(VulnerableFlag.class))
                                        .add((VulnerableFlag) r[1]);
                            }
                            return households.stream().map(h -> Views.summary(h, counts.getOrDefault(h.id, 0L),
                                    flags.getOrDefault(h.id, Set.of()))).toList();
                        })));
    }

    @WithSession
    public Uni<HouseholdView> get(Caller caller, UUID id) {
        return find(id).flatMap(h -> access.require(caller, h, AreaAccess.Action.READ))
                .flatMap(h -> persons.ofHousehold(h.id).map(list -> Views.household(h, list)));
    }

    /** The household that a resident's token names. */
    @WithSession
    public Uni<HouseholdView> mine(Caller caller) {
        if (caller.household() == null) {
            return Uni.createFrom().failure(ProblemException.notFound("Household", "(none linked to your account)"));
        }
        return Household.<Household>find("code", caller.household()).firstResult()
                .flatMap(h -> h == null ? Uni.createFrom().failure(ProblemException.notFound("Household", caller.household()))
                        : access.require(caller, h, AreaAccess.Action.READ))
                .flatMap(h -> persons.ofHousehold(h.id).map(list -> Views.household(h, list)));
    }

    @WithTransaction
    public Uni<HouseholdView> create(Caller caller, HouseholdRequest request) {
        return access.requirePlace(caller, request.unitCode()).flatMap(unit -> {
            if (unit.level != PlaceLevel.UNIT) {
                throw ProblemException.invalidField("unitCode", Texts.of("household-service.must-code-unit-not", unit.level));
            }
            if (!caller.isPlatformAdmin() && !caller.hasAnyRole(AreaAccess.Action.CREATE.staffRoles)) {
                throw ProblemException.forbidden(Texts.of("household-service.role-does-not-register-households"));
            }
            String code = Household.codeOf(unit.code, request.room());
            return Household.count("code", code).flatMap(count -> {
                if (count > 0) {
                    throw ProblemException.conflict(Texts.of("household-service.household-already-registered", code));
                }
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                Household h = new Household();
                h.id = UUID.randomUUID();
                h.code = code;
                h.unitCode = unit.code;
                h.room = request.room();
                h.placePath = unit.path;
                policy.initial(h, now);
                h.createdAt = now;
                h.updatedAt = now;
                return h.<Household>persist()
                        .flatMap(saved -> addAll(caller, saved, request.personsOrEmpty()))
                        .flatMap(saved -> Panache.flush().replaceWith(saved))
                        .flatMap(saved -> persons.ofHousehold(saved.id).flatMap(list -> events
                                .householdChanged(HouseholdChanged.Change.REGISTERED, saved, list)
                                .replaceWith(Views.household(saved, list))));
            });
        });
    }

    private Uni<Household> addAll(Caller caller, Household h, List<PersonRequest> requests) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < requests.size(); i++) {
            int index = i;
            chain = chain.flatMap(v -> persons.insert(caller, h, requests.get(index), "persons[" + index + "].").replaceWithVoid());
        }
        return chain.replaceWith(h);
    }

    @WithTransaction
    public Uni<HouseholdView> changeStatus(Caller caller, UUID id, StatusRequest request) {
        return find(id).flatMap(h -> access.require(caller, h, AreaAccess.Action.SET_STATUS)).flatMap(h -> {
            return policy.setByStaff(caller, h, request).map(list -> Views.household(h, list));
        });
    }

    @WithSession
    public Uni<List<StatusChangeView>> history(Caller caller, UUID id) {
        return find(id).flatMap(h -> access.require(caller, h, AreaAccess.Action.READ))
                .flatMap(h -> HouseholdStatusChange.<HouseholdStatusChange>list("householdId = ?1 order by id desc", h.id))
                .map(list -> new ArrayList<>(list.stream().map(Views::statusChange).toList()));
    }

    Uni<Household> find(UUID id) {
        return Household.<Household>findById(id).map(h -> {
            if (h == null) {
                throw ProblemException.notFound("Household", id);
            }
            return h;
        });
    }

    /** Touches the household so its version moves with every change of its members. */
    static void touch(Household h) {
        h.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }

    static Set<VulnerableFlag> copy(Set<VulnerableFlag> flags) {
        return flags.isEmpty() ? new HashSet<>() : new HashSet<>(EnumSet.copyOf(flags));
    }
}
