package org.lifeline.residents.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.residents.model.VulnerableFlag;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** The care list of vulnerable persons and its contacts (native SQL over the reactive session). */
@ApplicationScoped
public class CareRepository {

    /** A page of rows (see the select list) and the total. */
    public record Page(List<Object[]> rows, long total) {
    }

    /**
     * Vulnerable persons inside these path prefixes with their last contact and last visit: oldest contact first.
     * Columns: person id, name, birth date, household id, household code, flags, special needs, supplies needs,
     * contacted at, contacted by, outcome, visit id, symptoms, recorded by.
     */
    public Uni<Page> page(List<String> paths, VulnerableFlag flag, boolean overdueOnly, Duration contactInterval,
            int page, int size) {
        StringBuilder where = new StringBuilder(AreaPaths.sqlWithin("h.place_path", paths));
        if (flag != null) {
            where.append(" AND EXISTS (SELECT 1 FROM person_flag ff WHERE ff.person_id = p.id AND ff.flag = '")
                    .append(flag.code()).append("')");
        }
        if (overdueOnly) {
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
                        .map(rows -> new Page(rows, total))));
    }

    /**
     * Claims up to {@code limit} vulnerable persons whose care contact is overdue at {@code now} and not announced yet
     * for this interval (a {@code care_overdue} row per person and "since"; a concurrent replica's claim makes this
     * one skip the person). Verified persons with a verified flag only, as on the care list. Oldest first. Columns:
     * person id, household id, since, last contact (null when never), household code, place path, flags (comma
     * separated).
     */
    public Uni<List<Object[]>> claimOverdue(java.time.OffsetDateTime now, Duration contactInterval, int limit) {
        String sql = "WITH due AS (SELECT p.id AS person_id, c.contacted_at AS last_contact, "
                + "coalesce(c.contacted_at, p.verified_at, p.created_at) AS since FROM person p "
                + "LEFT JOIN LATERAL (SELECT cc.contacted_at FROM care_contact cc WHERE cc.person_id = p.id "
                + "ORDER BY cc.id DESC LIMIT 1) c ON true "
                + "WHERE p.verified AND EXISTS (SELECT 1 FROM person_flag f WHERE f.person_id = p.id)), "
                + "claimed AS (INSERT INTO care_overdue (person_id, since, signalled_at) "
                + "SELECT d.person_id, d.since, ?1 FROM due d WHERE d.since < ?2 AND NOT EXISTS (SELECT 1 FROM care_overdue o "
                + "WHERE o.person_id = d.person_id AND o.since = d.since) ORDER BY d.since LIMIT " + limit
                + " ON CONFLICT DO NOTHING RETURNING person_id, since) "
                + "SELECT cl.person_id, p.household_id, cl.since, d.last_contact, h.code, h.place_path, "
                + "(SELECT string_agg(f.flag, ',' ORDER BY f.flag) FROM person_flag f WHERE f.person_id = cl.person_id) "
                + "FROM claimed cl JOIN due d ON d.person_id = cl.person_id JOIN person p ON p.id = cl.person_id "
                + "JOIN household h ON h.id = p.household_id ORDER BY cl.since";
        return Panache.getSession().flatMap(session -> session.createNativeQuery(sql, Object[].class)
                .setParameter(1, now).setParameter(2, now.minus(contactInterval)).getResultList());
    }

    /** Records a contact; returns its id and time. */
    public Uni<Object[]> addContact(UUID personId, UUID householdId, String kind, String outcome, String note,
            String contactedBy) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "INSERT INTO care_contact (person_id, household_id, kind, outcome, note, contacted_by) "
                                + "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id, contacted_at", Object[].class)
                .setParameter(1, personId).setParameter(2, householdId).setParameter(3, kind)
                .setParameter(4, outcome).setParameter(5, note).setParameter(6, contactedBy)
                .getSingleResult());
    }
}
