package org.lifeline.residents.service;

import org.lifeline.platform.security.AreaPaths;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.residents.repository.CareRepository;
import org.lifeline.residents.repository.PersonRepository;
import org.lifeline.residents.repository.HouseholdRepository;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.residents.api.CareApi;
import org.lifeline.platform.api.PageView;
import org.lifeline.residents.model.Coded;
import org.lifeline.residents.model.Household;
import org.lifeline.residents.model.Person;
import org.lifeline.residents.model.VulnerableFlag;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** The care list: vulnerable persons of the caller's areas, who was last in touch, who is overdue. */
@ApplicationScoped
public class CareService {

    @Inject
    CareRepository care;

    @Inject
    PersonRepository persons;

    @Inject
    HouseholdRepository households;

    @Inject
    AreaAccess access;

    @ConfigProperty(name = "residents.care.contact-interval", defaultValue = "PT48H")
    Duration contactInterval;

    /** Filters of the care list, all optional. */
    public record Filter(String place, VulnerableFlag flag, boolean overdueOnly) {
    }

    @Inject
    HealthDetails health;

    @Inject
    SurveyService surveys;

    /**
     * The care list. Health details of each household's latest visit go to health roles and the visit's
     * recorder only, one audit row per household whose details the page carries (same transaction).
     */
    @WithTransaction
    public Uni<PageView<CareApi.Entry>> list(Caller caller, Filter filter, int page, int size, String requestId) {
        Uni<List<String>> scope = filter.place() == null ? access.visiblePaths(caller)
                : access.requirePlace(caller, filter.place()).map(p -> List.of(p.path));
        return scope.flatMap(paths -> {
            if (paths.isEmpty()) {
                return Uni.createFrom().item(PageView.<CareApi.Entry>of(List.of(), page, size, 0));
            }
            return care.page(paths, filter.flag(), filter.overdueOnly(), contactInterval, page, size)
                    .flatMap(result -> audited(caller, result.rows(), requestId)
                            .replaceWith(() -> PageView.of(result.rows().stream().map(r -> entry(caller, r)).toList(),
                                    page, size, result.total())));
        });
    }

    /** One audit row per household whose latest visit's details this page shows the caller. */
    private Uni<Void> audited(Caller caller, List<Object[]> rows, String requestId) {
        java.util.Map<UUID, Object[]> byHousehold = new java.util.LinkedHashMap<>();
        for (Object[] r : rows) {
            if (r[11] != null && HealthDetails.reason(caller, (String) r[13]) != null
                    && HealthDetails.hasDetails(surveys.symptoms((String) r[12]), surveys.specialNeeds((String) r[6]))) {
                byHousehold.putIfAbsent(SurveyService.toUuid(r[3]), r);
            }
        }
        Uni<Void> audits = Uni.createFrom().voidItem();
        for (java.util.Map.Entry<UUID, Object[]> e : byHousehold.entrySet()) {
            Object[] r = e.getValue();
            audits = audits.flatMap(x -> health.audit(caller, e.getKey(), List.of(((Number) r[11]).longValue()),
                    "care-list", HealthDetails.reason(caller, (String) r[13]), requestId));
        }
        return audits;
    }

    private CareApi.Entry entry(Caller caller, Object[] r) {
        LocalDate birth = r[2] instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) r[2];
        Set<VulnerableFlag> flags = r[5] == null ? Set.of() : Arrays.stream(((String) r[5]).split(","))
                .map(code -> Coded.fromCode(VulnerableFlag.class, code))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(VulnerableFlag.class)));
        OffsetDateTime last = SurveyService.toTime(r[8]);
        boolean overdue = last == null || last.isBefore(OffsetDateTime.now(ZoneOffset.UTC).minus(contactInterval));
        Set<org.lifeline.residents.api.SurveyApi.Symptom> symptoms = surveys.symptoms((String) r[12]);
        org.lifeline.residents.api.SurveyApi.SpecialNeeds special = surveys.specialNeeds((String) r[6]);
        List<HealthDetails.Need> needs = HealthDetails.needs(symptoms, special);
        boolean details = HealthDetails.reason(caller, (String) r[13]) != null;
        return new CareApi.Entry(SurveyService.toUuid(r[0]), (String) r[1],
                birth.getYear(), SurveyService.toUuid(r[3]),
                (String) r[4], flags, HealthDetails.labels(needs), HealthDetails.codes(needs), !details,
                details ? symptoms : null, details ? special : null,
                (String) r[7], last, (String) r[9], (String) r[10], overdue);
    }

    @WithTransaction
    public Uni<CareApi.ContactView> contact(Caller caller, UUID personId, CareApi.ContactRequest request) {
        return persons.byId(personId).flatMap(p -> {
            if (p == null) {
                return Uni.createFrom().failure(ProblemException.notFound("Person", personId));
            }
            return households.byId(p.householdId)
                    .flatMap(h -> access.require(caller, h, AreaAccess.Action.EDIT_MEMBERS))
                    .onFailure(ProblemException.class).transform(e -> ((ProblemException) e).type()
                            == org.lifeline.platform.problem.ProblemType.NOT_FOUND ? ProblemException.notFound("Person", personId) : e)
                    .flatMap(h -> care.addContact(p.id, h.id, request.kind().code, request.outcome().code, request.note(),
                            caller.username()))
                    .map(row -> new CareApi.ContactView(((Number) row[0]).longValue(), p.id, request.kind().code,
                            request.outcome().code, request.note(), caller.username(), SurveyService.toTime(row[1])));
        });
    }
}
