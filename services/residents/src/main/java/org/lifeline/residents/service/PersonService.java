package org.lifeline.residents.service;

import org.lifeline.residents.config.Texts;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.residents.repository.HouseholdRepository;
import org.lifeline.residents.repository.PersonRepository;
import org.lifeline.residents.repository.PersonalDataAccessRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.privacy.NationalId;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.api.PageView;
import org.lifeline.residents.api.PersonRequest;
import org.lifeline.residents.api.PersonView;
import org.lifeline.residents.event.HouseholdChanged;
import org.lifeline.residents.model.Household;
import org.lifeline.residents.model.FlagRules;
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

    @Inject
    PersonRepository persons;

    @Inject
    HouseholdRepository households;

    @Inject
    PersonalDataAccessRepository audits;

    public static final Set<String> REVEALABLE = Set.of(Views.ID_NUMBER, Views.PHONE);

    @Inject
    AreaAccess access;

    @Inject
    ResidentsEvents events;

    Uni<List<Person>> ofHousehold(UUID householdId) {
        return persons.ofHousehold(householdId);
    }

    @WithTransaction
    public Uni<PersonView> add(Caller caller, UUID householdId, PersonRequest request) {
        return households.byId(householdId)
                .flatMap(h -> h == null ? Uni.createFrom().failure(ProblemException.notFound("Household", householdId))
                        : access.require(caller, h, AreaAccess.Action.EDIT_MEMBERS))
                .flatMap(h -> insert(caller, h, request, "").flatMap(person -> changed(h, HouseholdChanged.Change.PERSON_ADDED)
                        .replaceWith(Views.person(person, Set.of()))));
    }

    /**
     * Whether what the caller enters is a resident's declaration (counted once staff verify it) rather than
     * verified data (staff of any level, grid workers during the survey, imports, the platform admin).
     */
    static boolean declares(Caller caller) {
        return caller.isResident() && !caller.isStaff() && !caller.isPlatformAdmin();
    }

    /**
     * Inserts a person; {@code fieldPrefix} names the request's field in errors (e.g. {@code persons[2].}).
     * Staff get a 409 when a verified person has the number. A resident gets one only for a number already in
     * their own household (which they see): a number registered elsewhere is declared like a new one, so the
     * answer does not tell a resident which numbers exist; staff see the conflict when they verify.
     */
    Uni<Person> insert(Caller caller, Household h, PersonRequest request, String fieldPrefix) {
        String idNumber = IdNumbers.require(fieldPrefix + "idNumber", request.idNumber(), request.birthDate());
        FlagRules.require(fieldPrefix + "flags", idNumber, request.flagsOrEmpty());
        boolean declared = declares(caller);
        Uni<Long> conflicts = declared ? persons.countWhere("idNumber = ?1 and householdId = ?2", idNumber, h.id)
                : persons.countWhere("idNumber = ?1 and verified = true", idNumber);
        return conflicts.flatMap(count -> {
            if (count > 0) {
                throw new ProblemException(org.lifeline.platform.problem.ProblemType.CONFLICT,
                        declared ? Texts.of("person-service.person-already-member-household")
                                : Texts.of("person-service.person-with-id-number-already"),
                        List.of(new ProblemException.FieldErrorMessage(fieldPrefix + "idNumber",
                                Texts.of("person-service.already-registered"))));
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            Person p = new Person();
            p.id = UUID.randomUUID();
            p.householdId = h.id;
            apply(p, request, idNumber);
            if (declared) {
                p.verified = false;
                p.declaredBy = caller.username();
                p.declaredFlags = p.flags;
                p.flags = new java.util.HashSet<>();
            } else {
                verifiedBy(p, caller, now);
            }
            p.createdAt = now;
            p.updatedAt = now;
            return persons.add(p);
        });
    }

    private static void verifiedBy(Person p, Caller caller, OffsetDateTime now) {
        p.verified = true;
        p.verifiedBy = caller.username();
        p.verifiedAt = now;
    }

    private static void apply(Person p, PersonRequest request, String idNumber) {
        p.name = request.name().trim();
        p.idNumber = idNumber;
        p.phone = request.phone();
        p.birthDate = NationalId.birthDate(idNumber);
        p.relation = request.relation();
        p.flags = HouseholdService.copy(request.flagsOrEmpty());
    }

    /**
     * Replaces a person's details. Staff enter verified data (a declared person they edit becomes verified,
     * with the usual 409 for a number another verified person has). A resident's change is a declaration:
     * flags they add wait as declared, flags they drop go at once, and a new ID number makes the person
     * declared again (its flags with it), so a verified adult cannot be turned into an infant with flags.
     */
    @WithTransaction
    public Uni<PersonView> update(Caller caller, UUID personId, PersonRequest request) {
        String idNumber = IdNumbers.require("idNumber", request.idNumber(), request.birthDate());
        FlagRules.require("flags", idNumber, request.flagsOrEmpty());
        boolean declared = declares(caller);
        return findWithHousehold(caller, personId, AreaAccess.Action.EDIT_MEMBERS).flatMap(pair -> {
            Person p = pair.person();
            Uni<Long> duplicates = idNumber.equals(p.idNumber) ? Uni.createFrom().item(0L)
                    : declared ? persons.countWhere("idNumber = ?1 and householdId = ?2 and id <> ?3", idNumber, p.householdId, p.id)
                    : persons.countWhere("idNumber = ?1 and verified = true and id <> ?2", idNumber, p.id);
            return duplicates.flatMap(count -> {
                if (count > 0) {
                    throw ProblemException.conflict(declared
                            ? Texts.of("person-service.another-member-household-has-id")
                            : Texts.of("person-service.another-person-has-id-number"));
                }
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                if (declared) {
                    boolean newIdentity = !idNumber.equals(p.idNumber);
                    Set<org.lifeline.residents.model.VulnerableFlag> verifiedBefore = HouseholdService.copy(p.flags);
                    apply(p, request, idNumber);
                    Set<org.lifeline.residents.model.VulnerableFlag> requested = p.flags;
                    if (newIdentity) {
                        p.verified = false;
                        p.declaredBy = caller.username();
                        p.verifiedBy = null;
                        p.verifiedAt = null;
                        verifiedBefore.clear();
                    }
                    verifiedBefore.retainAll(requested);
                    Set<org.lifeline.residents.model.VulnerableFlag> pending = HouseholdService.copy(requested);
                    pending.removeAll(verifiedBefore);
                    p.flags = verifiedBefore;
                    p.declaredFlags = pending;
                } else {
                    apply(p, request, idNumber);
                    p.declaredFlags = new java.util.HashSet<>();
                    verifiedBy(p, caller, now);
                }
                p.updatedAt = now;
                return changed(pair.household(), HouseholdChanged.Change.PERSON_UPDATED)
                        .replaceWith(() -> Views.person(p, Set.of()));
            });
        });
    }

    /**
     * Staff confirm what a resident declared: the person (if declared) and the declared flags listed in
     * {@code confirm} (all of them when null); declared flags not listed are dropped. A declared number that
     * a verified person already has is a 409 for staff to resolve (reject the declaration).
     */
    @WithTransaction
    public Uni<PersonView> verify(Caller caller, UUID personId, Set<org.lifeline.residents.model.VulnerableFlag> confirm) {
        return findWithHousehold(caller, personId, AreaAccess.Action.VERIFY).flatMap(pair -> {
            Person p = pair.person();
            Set<org.lifeline.residents.model.VulnerableFlag> confirmed = confirm == null ? HouseholdService.copy(p.declaredFlags)
                    : HouseholdService.copy(confirm);
            if (!p.declaredFlags.containsAll(confirmed)) {
                throw ProblemException.invalidField("flags", Texts.of("person-service.may-only-name-flags-resident"));
            }
            Set<org.lifeline.residents.model.VulnerableFlag> all = HouseholdService.copy(p.flags);
            all.addAll(confirmed);
            FlagRules.require("flags", p.idNumber, all);
            boolean wasVerified = p.verified;
            Uni<Long> conflicts = wasVerified ? Uni.createFrom().item(0L)
                    : persons.countWhere("idNumber = ?1 and verified = true and id <> ?2", p.idNumber, p.id);
            return conflicts.flatMap(count -> {
                if (count > 0) {
                    throw ProblemException.conflict(Texts.of("person-service.verified-person-already-has-id"));
                }
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                p.flags = all;
                p.declaredFlags = new java.util.HashSet<>();
                verifiedBy(p, caller, now);
                p.updatedAt = now;
                return changed(pair.household(), wasVerified ? HouseholdChanged.Change.PERSON_UPDATED
                        : HouseholdChanged.Change.PERSON_ADDED).replaceWith(() -> Views.person(p, Set.of()));
            });
        });
    }

    /**
     * Staff reject what a resident declared: a declared person is removed, a verified person's declared flags
     * are dropped. Neither ever reached an event, so none is written.
     */
    @WithTransaction
    public Uni<Void> reject(Caller caller, UUID personId) {
        return findWithHousehold(caller, personId, AreaAccess.Action.VERIFY).flatMap(pair -> {
            Person p = pair.person();
            if (!p.verified) {
                return persons.remove(p);
            }
            p.declaredFlags.clear();
            p.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
            return Uni.createFrom().voidItem();
        });
    }

    /** What residents declared in the caller's areas and staff have not verified yet, oldest first. */
    @WithSession
    public Uni<PageView<PersonView>> pending(Caller caller, int page, int size) {
        return access.visiblePaths(caller).flatMap(paths -> {
            if (paths.isEmpty() || !(caller.isPlatformAdmin() || caller.hasAnyRole(AreaAccess.Action.VERIFY.staffRoles))) {
                return Uni.createFrom().item(PageView.<PersonView>of(List.of(), page, size, 0));
            }
            return persons.pending(paths, page, size).map(result -> PageView.of(result.getKey().stream()
                    .map(p -> Views.person(p, Set.of())).toList(), page, size, result.getValue()));
        });
    }

    @WithTransaction
    public Uni<Void> remove(Caller caller, UUID personId) {
        return findWithHousehold(caller, personId, AreaAccess.Action.EDIT_MEMBERS).flatMap(pair -> {
            if (caller.isResident() && !caller.isStaff()) {
                throw ProblemException.forbidden(Texts.of("person-service.ask-community-staff-remove-member"));
            }
            return persons.remove(pair.person()).flatMap(v -> changed(pair.household(), HouseholdChanged.Change.PERSON_REMOVED));
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
            return audits.add(audit).replaceWith(() -> Views.person(pair.person(), reveal));
        });
    }

    private record PersonInHousehold(Person person, Household household) {
    }

    private Uni<PersonInHousehold> findWithHousehold(Caller caller, UUID personId, AreaAccess.Action action) {
        return persons.byId(personId).flatMap(p -> {
            if (p == null) {
                return Uni.createFrom().failure(ProblemException.notFound("Person", personId));
            }
            return households.byId(p.householdId)
                    .flatMap(h -> access.require(caller, h, action))
                    .onFailure(ProblemException.class).transform(e -> ((ProblemException) e).type()
                            == org.lifeline.platform.problem.ProblemType.NOT_FOUND ? ProblemException.notFound("Person", personId) : e)
                    .map(h -> new PersonInHousehold(p, h));
        });
    }

    /** After a member change: bump the household's version and write its event. */
    private Uni<Void> changed(Household h, HouseholdChanged.Change change) {
        HouseholdService.touch(h);
        return households.flushSession()
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
            return audits.audit(paths, personId, page, size);
        });
    }
}
