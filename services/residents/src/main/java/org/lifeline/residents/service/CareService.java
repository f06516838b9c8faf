package org.lifeline.residents.service;

import org.lifeline.platform.security.AreaPaths;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
            StringBuilder where = new StringBuilder(AreaPaths.sqlWithin("h.place_path", paths));
            if (filter.flag() != null) {
                where.append(" AND EXISTS (SELECT 1 FROM person_flag ff WHERE ff.person_id = p.id AND ff.flag = '")
                        .append(filter.flag().code()).append("')");
            }
            if (filter.overdueOnly()) {
                where.append(" AND (c.contacted_at IS NULL OR c.contacted_at < now() - make_interval(secs => ")
                        .append(contactInterval.toSeconds()).append("))");
            }
            String from = " FROM person p JOIN household h ON h.id = p.household_id "
                    + "LEFT JOIN LATERAL (SELECT cc.contacted_at, cc.contacted_by, cc.outcome FROM care_contact cc "
                    + "WHERE cc.person_id = p.id ORDER BY cc.id DESC LIMIT 1) c ON true "
                    + "WHERE EXISTS (SELECT 1 FROM person_flag f WHERE f.person_id = p.id) AND " + where;
            String select = "SELECT p.id, p.name, p.birth_date, h.id AS hid, h.code, "
                    + "(SELECT string_agg(f.flag, ',' ORDER BY f.flag) FROM person_flag f WHERE f.person_id = p.id), "
                    + "lv.special_needs, lv.supplies_needs, c.contacted_at, c.contacted_by, c.outcome, "
                    + "lv.id AS visit_id, lv.symptoms, lv.recorded_by"
                    + from.replace(" WHERE EXISTS", " LEFT JOIN LATERAL (SELECT v.id, v.special_needs, v.supplies_needs, "
                            + "v.symptoms, v.recorded_by FROM survey_visit v WHERE v.household_id = h.id AND v.visited "
                            + "ORDER BY v.id DESC LIMIT 1) lv ON true WHERE EXISTS")
                    + " ORDER BY c.contacted_at ASC NULLS FIRST, h.code, p.name LIMIT " + size + " OFFSET "
                    + ((long) page * size);
            return Panache.getSession().flatMap(session -> session.createNativeQuery("SELECT count(*)" + from, Long.class)
                    .getSingleResult()
                    .flatMap(total -> session.createNativeQuery(select, Object[].class).getResultList()
                            .flatMap(rows -> audited(caller, rows, requestId)
                                    .replaceWith(() -> PageView.of(rows.stream().map(r -> entry(caller, r)).toList(),
                                            page, size, total)))));
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
                    .flatMap(h -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                                    "INSERT INTO care_contact (person_id, household_id, kind, outcome, note, contacted_by) "
                                            + "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id, contacted_at", Object[].class)
                            .setParameter(1, p.id).setParameter(2, h.id).setParameter(3, request.kind().code)
                            .setParameter(4, request.outcome().code).setParameter(5, request.note())
                            .setParameter(6, caller.username())
                            .getSingleResult()))
                    .map(row -> new CareApi.ContactView(((Number) row[0]).longValue(), p.id, request.kind().code,
                            request.outcome().code, request.note(), caller.username(), SurveyService.toTime(row[1])));
        });
    }
}
