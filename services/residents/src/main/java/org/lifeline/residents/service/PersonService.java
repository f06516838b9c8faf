package org.lifeline.residents.service;

import org.lifeline.platform.security.AreaPaths;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.privacy.NationalId;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.residents.api.PersonRequest;
import org.lifeline.residents.api.PersonView;
import org.lifeline.residents.event.HouseholdChanged;
import org.lifeline.residents.event.ResidentsEvents;
import org.lifeline.residents.model.Household;
import org.lifeline.residents.model.Person;
import org.lifeline.residents.model.PersonalDataAccess;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** Persons of households: add, update, remove, and the audited read of unmasked personal data. */
@ApplicationScoped
public class PersonService {

    public static final Set<String> REVEALABLE = Set.of(Views.ID_NUMBER, Views.PHONE);

    @Inject
    AreaAccess access;

    @Inject
    ResidentsEvents events;

    Uni<List<Person>> ofHousehold(UUID householdId) {
        return Person.list("householdId", householdId);
    }

    @WithTransaction
    public Uni<PersonView> add(Caller caller, UUID householdId, PersonRequest request) {
        return Household.<Household>findById(householdId)
                .flatMap(h -> h == null ? Uni.createFrom().failure(ProblemException.notFound("Household", householdId))
                        : access.require(caller, h, AreaAccess.Action.EDIT_MEMBERS))
                .flatMap(h -> insert(h, request, "").flatMap(person -> changed(h, HouseholdChanged.Change.PERSON_ADDED)
                        .replaceWith(Views.person(person, Set.of()))));
    }

    /** Inserts a person; {@code fieldPrefix} names the request's field in errors (e.g. {@code persons[2].}). */
    Uni<Person> insert(Household h, PersonRequest request, String fieldPrefix) {
        String idNumber = IdNumbers.require(fieldPrefix + "idNumber", request.idNumber(), request.birthDate());
        return Person.count("idNumber", idNumber).flatMap(count -> {
            if (count > 0) {
                throw new ProblemException(org.lifeline.platform.problem.ProblemType.CONFLICT,
                        Message.of("A person with this ID number is already registered.", "该身份证号的人员已登记。"),
                        List.of(new ProblemException.FieldErrorMessage(fieldPrefix + "idNumber",
                                Message.of("is already registered", "已登记"))));
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            Person p = new Person();
            p.id = UUID.randomUUID();
            p.householdId = h.id;
            apply(p, request, idNumber);
            p.createdAt = now;
            p.updatedAt = now;
            return p.persist();
        });
    }

    private static void apply(Person p, PersonRequest request, String idNumber) {
        p.name = request.name().trim();
        p.idNumber = idNumber;
        p.phone = request.phone();
        p.birthDate = NationalId.birthDate(idNumber);
        p.relation = request.relation();
        p.flags = HouseholdService.copy(request.flagsOrEmpty());
    }

    @WithTransaction
    public Uni<PersonView> update(Caller caller, UUID personId, PersonRequest request) {
        String idNumber = IdNumbers.require("idNumber", request.idNumber(), request.birthDate());
        return findWithHousehold(caller, personId, AreaAccess.Action.EDIT_MEMBERS).flatMap(pair -> {
            Person p = pair.person();
            Uni<Long> duplicates = idNumber.equals(p.idNumber) ? Uni.createFrom().item(0L)
                    : Person.count("idNumber = ?1 and id <> ?2", idNumber, p.id);
            return duplicates.flatMap(count -> {
                if (count > 0) {
                    throw ProblemException.conflict(Message.of("Another person has this ID number.",
                            "另一人员已使用该身份证号。"));
                }
                apply(p, request, idNumber);
                p.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
                return changed(pair.household(), HouseholdChanged.Change.PERSON_UPDATED)
                        .replaceWith(() -> Views.person(p, Set.of()));
            });
        });
    }

    @WithTransaction
    public Uni<Void> remove(Caller caller, UUID personId) {
        return findWithHousehold(caller, personId, AreaAccess.Action.EDIT_MEMBERS).flatMap(pair -> {
            if (caller.isResident() && !caller.isStaff()) {
                throw ProblemException.forbidden(Message.of("Ask your community staff to remove a member.",
                        "请联系社区工作人员删除成员。"));
            }
            return pair.person().delete().flatMap(v -> changed(pair.household(), HouseholdChanged.Change.PERSON_REMOVED));
        });
    }

    /**
     * Reads a person; the fields in {@code reveal} are shown unmasked and the read is audited in the
     * same transaction (no audit row, no data).
     */
    @WithTransaction
    public Uni<PersonView> get(Caller caller, UUID personId, Set<String> reveal, String purpose, String requestId) {
        AreaAccess.Action action = reveal.isEmpty() ? AreaAccess.Action.READ : AreaAccess.Action.REVEAL_PERSONAL_DATA;
        return findWithHousehold(caller, personId, action).flatMap(pair -> {
            if (reveal.isEmpty()) {
                return Uni.createFrom().item(Views.person(pair.person(), Set.of()));
            }
            PersonalDataAccess audit = new PersonalDataAccess();
            audit.actorSubject = caller.subject();
            audit.actorUsername = caller.username();
            audit.actorRoles = String.join(",", new TreeSet<>(caller.roles()));
            audit.personId = pair.person().id;
            audit.householdId = pair.household().id;
            audit.fields = String.join(",", new TreeSet<>(reveal));
            audit.purpose = purpose;
            audit.requestId = requestId;
            return audit.persist().replaceWith(() -> Views.person(pair.person(), reveal));
        });
    }

    private record PersonInHousehold(Person person, Household household) {
    }

    private Uni<PersonInHousehold> findWithHousehold(Caller caller, UUID personId, AreaAccess.Action action) {
        return Person.<Person>findById(personId).flatMap(p -> {
            if (p == null) {
                return Uni.createFrom().failure(ProblemException.notFound("Person", personId));
            }
            return Household.<Household>findById(p.householdId)
                    .flatMap(h -> access.require(caller, h, action))
                    .onFailure(ProblemException.class).transform(e -> ((ProblemException) e).type()
                            == org.lifeline.platform.problem.ProblemType.NOT_FOUND ? ProblemException.notFound("Person", personId) : e)
                    .map(h -> new PersonInHousehold(p, h));
        });
    }

    /** After a member change: bump the household's version and write its event. */
    private Uni<Void> changed(Household h, HouseholdChanged.Change change) {
        HouseholdService.touch(h);
        return Panache.flush()
                .flatMap(v -> ofHousehold(h.id))
                .flatMap(list -> events.householdChanged(change, h, list));
    }

    /** The audit, newest first: all of it for a platform admin, else only households inside the caller's areas. */
    @WithSession
    public Uni<List<PersonalDataAccess>> audit(Caller caller, UUID personId, int page, int size) {
        return access.visiblePaths(caller).flatMap(paths -> {
            if (paths.isEmpty()) {
                return Uni.createFrom().item(List.<PersonalDataAccess>of());
            }
            java.util.Map<String, Object> params = new java.util.HashMap<>();
            StringBuilder where = new StringBuilder("a.householdId in (select h.id from Household h where ")
                    .append(AreaPaths.sqlWithin("h.placePath", paths)).append(")");
            if (personId != null) {
                where.append(" and a.personId = :person");
                params.put("person", personId);
            }
            return PersonalDataAccess.<PersonalDataAccess>find("from PersonalDataAccess a where " + where
                    + " order by a.id desc", params).page(page, size).list();
        });
    }
}
