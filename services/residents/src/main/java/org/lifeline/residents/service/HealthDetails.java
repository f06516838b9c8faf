package org.lifeline.residents.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.residents.repository.HealthDetailAccessRepository;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Roles;
import org.lifeline.residents.api.SurveyApi;
import org.lifeline.residents.model.HealthDetailAccess;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Health details of survey visits (ARCHITECTURE.md rule 5, issue 18 item 6): symptoms and special needs
 * (daily medication, dialysis days, chemotherapy, due date, oxygen, wheelchair) go to health roles of the
 * area and to the person who recorded the visit; everyone else, platform admins included, sees only that a
 * need exists ({@link #needs}). Every answer that carries details writes {@code health_detail_access} in
 * its own transaction.
 */
@ApplicationScoped
public class HealthDetails {

    @Inject
    HealthDetailAccessRepository accesses;

    /** Roles whose work needs the details (the realm's health roles; hospital-staff is in ARCHITECTURE.md). */
    public static final Set<String> HEALTH_ROLES = Set.of(Roles.HEALTH_OFFICER, Roles.HOSPITAL_STAFF);

    @Inject
    AreaAccess access;

    /** A need that exists, without its detail: a stable code and a plain Chinese label. */
    public enum Need {
        SYMPTOMS("symptoms-follow-up", "有症状，需要健康随访"),
        DAILY_MEDICATION("daily-medication", "需要日常用药保障"),
        DIALYSIS("dialysis-transport", "需要透析接送"),
        CHEMOTHERAPY("chemotherapy-transport", "需要化疗就医接送"),
        MATERNITY("maternity-care", "孕产妇，需要产检和分娩保障"),
        OXYGEN("oxygen", "需要吸氧设备"),
        WHEELCHAIR("wheelchair", "需要轮椅协助");

        public final String code;
        public final String label;

        Need(String code, String label) {
            this.code = code;
            this.label = label;
        }
    }

    /** The needs a visit's details show, in a fixed order. */
    public static List<Need> needs(Set<SurveyApi.Symptom> symptoms, SurveyApi.SpecialNeeds special) {
        List<Need> needs = new ArrayList<>();
        if (symptoms != null && !symptoms.isEmpty()) {
            needs.add(Need.SYMPTOMS);
        }
        if (special != null) {
            if (special.dailyMedication() != null && !special.dailyMedication().isBlank()) {
                needs.add(Need.DAILY_MEDICATION);
            }
            if (special.dialysisDays() != null && !special.dialysisDays().isEmpty()) {
                needs.add(Need.DIALYSIS);
            }
            if (special.chemotherapy()) {
                needs.add(Need.CHEMOTHERAPY);
            }
            if (special.pregnancyDueDate() != null) {
                needs.add(Need.MATERNITY);
            }
            if (special.oxygen()) {
                needs.add(Need.OXYGEN);
            }
            if (special.wheelchair()) {
                needs.add(Need.WHEELCHAIR);
            }
        }
        return needs;
    }

    public static List<String> labels(List<Need> needs) {
        return needs.stream().map(n -> n.label).toList();
    }

    public static List<String> codes(List<Need> needs) {
        return needs.stream().map(n -> n.code).toList();
    }

    /** Whether the visit holds anything that only health roles and its recorder may read. */
    public static boolean hasDetails(Set<SurveyApi.Symptom> symptoms, SurveyApi.SpecialNeeds special) {
        return (symptoms != null && !symptoms.isEmpty()) || special != null;
    }

    /**
     * Why the caller may read the details of a visit recorded by {@code recordedBy}: {@code health-role},
     * {@code recorder}, or null (not allowed). A platform admin never may.
     */
    public static String reason(Caller caller, String recordedBy) {
        if (caller.isPlatformAdmin() && !caller.hasAnyRole(HEALTH_ROLES)) {
            return null;
        }
        if (caller.hasAnyRole(HEALTH_ROLES)) {
            return "health-role";
        }
        if (caller.isStaff() && recordedBy != null && recordedBy.equals(caller.username())) {
            return "recorder";
        }
        return null;
    }

    /** One audit row: the caller read these visits' details of one household. Join it to the read's transaction. */
    public Uni<Void> audit(Caller caller, UUID householdId, Collection<Long> visitIds, String source, String reason,
            String requestId) {
        HealthDetailAccess row = new HealthDetailAccess();
        row.actorSubject = caller.subject() == null ? "unknown" : caller.subject();
        row.actorUsername = caller.username();
        row.actorRoles = String.join(",", new TreeSet<>(caller.roles()));
        row.householdId = householdId;
        row.visitIds = new TreeSet<>(visitIds).stream().map(String::valueOf).collect(Collectors.joining(","));
        row.source = source;
        row.reason = reason;
        row.requestId = requestId; // already one sane value (RequestIds, before any resource reads it)
        return accesses.add(row).replaceWithVoid();
    }

    /** The audit, newest first: all of it for a platform admin, else households inside the caller's areas. */
    @WithSession
    public Uni<PageView<HealthDetailAccess>> list(Caller caller, UUID householdId, int page, int size) {
        return access.visiblePaths(caller).flatMap(paths -> {
            if (paths.isEmpty()) {
                return Uni.createFrom().item(PageView.<HealthDetailAccess>of(List.of(), page, size, 0));
            }
            Map<String, Object> params = new HashMap<>();
            StringBuilder where = new StringBuilder("a.householdId in (select h.id from Household h where ")
                    .append(AreaPaths.sqlWithin("h.placePath", paths)).append(")");
            if (householdId != null) {
                where.append(" and a.householdId = :household");
                params.put("household", householdId);
            }
            String query = "from HealthDetailAccess a where " + where + " order by a.id desc";
            return accesses.countWhere(query, params).flatMap(total -> accesses.page(query, params, page, size)
                    .map(rows -> PageView.of(rows, page, size, total)));
        });
    }
}
