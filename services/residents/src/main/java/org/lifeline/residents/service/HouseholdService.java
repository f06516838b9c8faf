package org.lifeline.residents.service;

import org.lifeline.residents.config.Texts;
import org.lifeline.platform.security.AreaPaths;
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
import org.lifeline.residents.repository.HouseholdRepository;
import org.lifeline.residents.repository.StatusChangeRepository;

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

    @Inject
    HouseholdRepository households;

    @Inject
    StatusChangeRepository history;

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
            return households.list(paths, filter.status(), filter.flag(), page, size)
                    .map(result -> PageView.of(result.lines().stream().map(Views::summary).toList(), page, size,
                            result.total()));
        });
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
        return households.byCode(caller.household())
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
            return households.countWhere("code", code).flatMap(count -> {
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
                return households.add(h)
                        .flatMap(saved -> addAll(caller, saved, request.personsOrEmpty()))
                        .flatMap(saved -> households.flushSession().replaceWith(saved))
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
                .flatMap(h -> history.history(h.id))
                .map(list -> new ArrayList<>(list.stream().map(Views::statusChange).toList()));
    }

    Uni<Household> find(UUID id) {
        return households.byId(id).map(h -> {
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
