package org.lifeline.residents.service;

import org.lifeline.residents.config.Texts;
import org.lifeline.platform.security.AreaPaths;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.residents.repository.SurveyRepository;
import org.lifeline.residents.repository.SurveyRoundRepository;
import org.lifeline.residents.repository.SurveyVisitRepository;
import org.lifeline.residents.repository.HouseholdRepository;
import org.lifeline.platform.privacy.Masking;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Roles;
import org.lifeline.platform.api.PageView;
import org.lifeline.residents.api.SurveyApi;
import org.lifeline.residents.model.Household;
import org.lifeline.residents.event.SurveyVisitRecorded;
import org.lifeline.residents.model.SurveyRound;
import org.lifeline.residents.model.SurveyVisit;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The door-to-door survey: rounds over an area, visits recorded by grid workers and community
 * staff, progress per building and the households not yet visited. Each caller works on, and sees,
 * only the part of a round inside their own areas.
 */
@ApplicationScoped
public class SurveyService {

    @Inject
    SurveyRepository surveys;

    @Inject
    SurveyRoundRepository rounds;

    @Inject
    SurveyVisitRepository visits;

    @Inject
    HouseholdRepository households;

    private static final Set<String> OPENERS = Set.of(Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN);
    private static final Set<String> VISITORS = Set.of(Roles.GRID_WORKER, Roles.COMMUNITY_STAFF);

    @Inject
    AreaAccess access;

    @Inject
    ObjectMapper mapper;

    @Inject
    HealthDetails health;

    @Inject
    ResidentsEvents events;

    @WithTransaction
    public Uni<SurveyApi.RoundView> open(Caller caller, SurveyApi.RoundRequest request) {
        if (!caller.hasAnyRole(OPENERS)) {
            throw ProblemException.forbidden(Texts.of("survey-service.role-does-not-open-survey"));
        }
        return access.requirePlace(caller, request.areaCode()).flatMap(area -> {
            SurveyRound round = new SurveyRound();
            round.id = UUID.randomUUID();
            round.areaCode = area.code;
            round.areaPath = area.path;
            round.title = request.title().trim();
            round.dueAt = request.dueAt();
            round.createdBy = caller.username();
            round.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
            return rounds.add(round).map(SurveyService::view);
        });
    }

    @WithSession
    public Uni<PageView<SurveyApi.RoundView>> list(Caller caller, int page, int size) {
        return access.visiblePaths(caller).flatMap(paths -> {
            if (paths.isEmpty()) {
                return Uni.createFrom().item(PageView.<SurveyApi.RoundView>of(List.of(), page, size, 0));
            }
            // rounds over (part of) my areas, or over an area that contains one of mine
            Map<String, Object> params = new HashMap<>();
            StringBuilder where = new StringBuilder();
            for (int i = 0; i < paths.size(); i++) {
                where.append(i == 0 ? "" : " or ").append("r.areaPath like :p").append(i)
                        .append(" or :q").append(i).append(" like concat(r.areaPath, '%')");
                params.put("p" + i, paths.get(i) + "%");
                params.put("q" + i, paths.get(i));
            }
            String query = "from SurveyRound r where " + where + " order by r.createdAt desc";
            return rounds.countWhere(query, params).flatMap(total -> rounds.page(query, params, page, size)
                    .map(list -> PageView.of(list.stream().map(SurveyService::view).toList(), page, size, total)));
        });
    }

    @WithSession
    public Uni<SurveyApi.RoundView> get(Caller caller, UUID id) {
        return round(caller, id).map(scoped -> view(scoped.round()));
    }

    @WithTransaction
    public Uni<SurveyApi.VisitView> record(Caller caller, UUID roundId, SurveyApi.VisitRequest request) {
        if (!caller.hasAnyRole(VISITORS)) {
            throw ProblemException.forbidden(Texts.of("survey-service.only-grid-workers-community-staff"));
        }
        if (!request.visited() && request.notVisitedReason() == null) {
            throw ProblemException.invalidField("notVisitedReason", Texts.of("survey-service.required-when-household-was-not"));
        }
        return round(caller, roundId).flatMap(scoped -> {
            if (scoped.round().closedAt != null) {
                throw ProblemException.conflict(Texts.of("survey-service.survey-round-closed"));
            }
            return households.byId(request.householdId()).flatMap(h -> {
                if (h == null || scoped.prefixes().stream().noneMatch(h.placePath::startsWith)) {
                    throw ProblemException.notFound("Household", request.householdId());
                }
                SurveyVisit visit = new SurveyVisit();
                visit.roundId = roundId;
                visit.householdId = h.id;
                visit.visited = request.visited();
                visit.notVisitedReason = request.visited() ? null : request.notVisitedReason().code;
                visit.presentPersonIds = json(request.presentPersonIds());
                visit.contactPhone = request.contactPhone();
                visit.symptoms = json(request.symptoms());
                visit.specialNeeds = json(request.specialNeeds());
                visit.suppliesNeeds = request.suppliesNeeds();
                visit.recordedBy = caller.username();
                visit.recordedAt = OffsetDateTime.now(ZoneOffset.UTC);
                // the recorder's own answer: what they just entered, not a read of stored details
                return visits.add(visit).flatMap(saved -> event(saved, h, request).replaceWith(view(saved, true)));
            });
        });
    }

    private Uni<Void> event(SurveyVisit visit, Household household, SurveyApi.VisitRequest request) {
        List<HealthDetails.Need> needs = HealthDetails.needs(request.symptoms(), request.specialNeeds());
        return events.surveyVisitRecorded(new SurveyVisitRecorded(visit.roundId, visit.householdId, household.code,
                household.placePath, visit.visited, visit.notVisitedReason,
                request.presentPersonIds() == null ? 0 : request.presentPersonIds().size(),
                HealthDetails.labels(needs), HealthDetails.codes(needs), visit.suppliesNeeds, visit.recordedAt));
    }

    /**
     * Visits of one household, newest first (its history; the first is the current fact). Health details only
     * for health roles and each visit's recorder; the read of any is audited in the same transaction (no audit
     * row, no details).
     */
    @WithTransaction
    public Uni<List<SurveyApi.VisitView>> history(Caller caller, UUID householdId, String requestId) {
        return households.byId(householdId)
                .flatMap(h -> h == null ? Uni.createFrom().failure(ProblemException.notFound("Household", householdId))
                        : access.require(caller, h, AreaAccess.Action.READ))
                .flatMap(h -> visits.where("householdId = ?1 order by id desc", h.id).flatMap(visits -> {
                    List<SurveyApi.VisitView> views = new ArrayList<>();
                    Map<String, List<Long>> shown = new java.util.TreeMap<>();
                    for (SurveyVisit v : visits) {
                        String reason = HealthDetails.reason(caller, v.recordedBy);
                        SurveyApi.VisitView view = view(v, reason != null);
                        views.add(view);
                        if (reason != null && HealthDetails.hasDetails(view.symptoms(), view.specialNeeds())) {
                            shown.computeIfAbsent(reason, r -> new ArrayList<>()).add(v.id);
                        }
                    }
                    Uni<Void> audits = Uni.createFrom().voidItem();
                    for (Map.Entry<String, List<Long>> e : shown.entrySet()) {
                        audits = audits.flatMap(x -> health.audit(caller, h.id, e.getValue(), "household-visits",
                                e.getKey(), requestId));
                    }
                    return audits.replaceWith(views);
                }));
    }

    @WithSession
    public Uni<SurveyApi.Progress> progress(Caller caller, UUID roundId) {
        return round(caller, roundId).flatMap(scoped -> surveys.buildingProgress(roundId, scoped.prefixes())
                .flatMap(rows -> surveys.gridProgress(roundId, scoped.prefixes())
                        .map(gridRows -> progress(roundId, rows, gridRows))));
    }

    private static SurveyApi.Progress progress(UUID roundId, List<Object[]> rows, List<Object[]> gridRows) {
        List<SurveyApi.BuildingProgress> buildings = new ArrayList<>();
        long total = 0;
        long visited = 0;
        long attempted = 0;
        for (Object[] row : rows) {
            long t = ((Number) row[2]).longValue();
            long v = ((Number) row[3]).longValue();
            buildings.add(new SurveyApi.BuildingProgress((String) row[0], (String) row[1], t, v));
            total += t;
            visited += v;
            attempted += ((Number) row[4]).longValue();
        }
        List<org.lifeline.residents.api.GridApi.GridProgress> grids = gridRows.stream()
                .map(r -> new org.lifeline.residents.api.GridApi.GridProgress((String) r[0], (String) r[1], (String) r[2],
                        ((Number) r[3]).longValue(), ((Number) r[4]).longValue()))
                .toList();
        double percent = total == 0 ? 0 : Math.round(visited * 1000.0 / total) / 10.0;
        return new SurveyApi.Progress(roundId, total, visited, attempted, total - visited - attempted, percent,
                buildings, grids);
    }

    @WithSession
    public Uni<PageView<SurveyApi.Unvisited>> unvisited(Caller caller, UUID roundId, int page, int size) {
        return round(caller, roundId).flatMap(scoped -> surveys.unvisited(roundId, scoped.prefixes(), page, size)
                .map(result -> PageView.of(result.rows().stream().map(r -> new SurveyApi.Unvisited(toUuid(r[0]),
                        (String) r[1], (String) r[2], toTime(r[3]))).toList(), page, size, result.total())));
    }

    /** The round and the path prefixes of it that the caller may work on. */
    private record Scoped(SurveyRound round, List<String> prefixes) {
    }

    private Uni<Scoped> round(Caller caller, UUID id) {
        return rounds.byId(id).flatMap(round -> {
            if (round == null) {
                return Uni.createFrom().failure(ProblemException.notFound("Survey round", id));
            }
            return access.visiblePaths(caller).map(paths -> {
                if (paths.stream().anyMatch(round.areaPath::startsWith)) {
                    return new Scoped(round, List.of(round.areaPath));
                }
                List<String> inside = paths.stream().filter(p -> p.startsWith(round.areaPath)).toList();
                if (inside.isEmpty()) {
                    throw ProblemException.notFound("Survey round", id);
                }
                return new Scoped(round, inside);
            });
        });
    }

    private static SurveyApi.RoundView view(SurveyRound r) {
        return new SurveyApi.RoundView(r.id, r.areaCode, r.title, r.dueAt, r.createdBy, r.createdAt, r.closedAt);
    }

    private SurveyApi.VisitView view(SurveyVisit v, boolean details) {
        Set<SurveyApi.Symptom> symptoms = symptoms(v.symptoms);
        SurveyApi.SpecialNeeds special = specialNeeds(v.specialNeeds);
        List<HealthDetails.Need> needs = HealthDetails.needs(symptoms, special);
        return new SurveyApi.VisitView(v.id, v.roundId, v.householdId, v.visited, v.notVisitedReason,
                read(v.presentPersonIds, new TypeReference<List<UUID>>() { }, List.of()),
                Masking.phone(v.contactPhone), HealthDetails.labels(needs), HealthDetails.codes(needs), !details,
                details ? symptoms : null, details ? special : null,
                v.suppliesNeeds, v.recordedBy, v.recordedAt);
    }

    /** A visit's stored symptoms (JSON), empty when none. */
    Set<SurveyApi.Symptom> symptoms(String json) {
        return read(json, new TypeReference<Set<SurveyApi.Symptom>>() { }, Set.of());
    }

    /** A visit's stored special needs (JSON), or null. */
    SurveyApi.SpecialNeeds specialNeeds(String json) {
        return read(json, new TypeReference<SurveyApi.SpecialNeeds>() { }, null);
    }

    private String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String json, TypeReference<T> type, T fallback) {
        if (json == null) {
            return fallback;
        }
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static UUID toUuid(Object value) {
        return value instanceof UUID uuid ? uuid : UUID.fromString(String.valueOf(value));
    }

    static OffsetDateTime toTime(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime time) {
            return time;
        }
        if (value instanceof java.time.Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof java.time.LocalDateTime local) {
            return local.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant().atOffset(ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(String.valueOf(value));
    }
}
