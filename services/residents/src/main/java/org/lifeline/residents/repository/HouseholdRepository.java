package org.lifeline.residents.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.residents.model.Coded;
import org.lifeline.residents.model.ControlStatus;
import org.lifeline.residents.model.Household;
import org.lifeline.residents.model.VulnerableFlag;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Households over the reactive session (Panache): the aggregates a use case reads and changes. */
@ApplicationScoped
public class HouseholdRepository implements Aggregates<Household, UUID> {

    public Uni<Household> byCode(String code) {
        return find("code", code).firstResult();
    }

    /**
     * Up to {@code limit} households whose control status ended by {@code now}, locked for this transaction;
     * rows another replica holds are skipped ({@code FOR UPDATE SKIP LOCKED}), so no household is lifted twice.
     */
    public Uni<List<UUID>> claimExpired(OffsetDateTime now, int limit) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT id FROM household WHERE status <> 'normal' AND status_until IS NOT NULL "
                        + "AND status_until <= ?1 ORDER BY status_until LIMIT ?2 FOR UPDATE SKIP LOCKED", Object.class)
                .setParameter(1, now).setParameter(2, limit)
                .getResultList())
                .map(ids -> ids.stream().map(Rows::uuid).toList());
    }

    /** One line of the household list: the household, its number of persons and its persons' verified flags. */
    public record Line(UUID id, String code, String unitCode, String room, ControlStatus status, String statusReason,
            String statusSource, OffsetDateTime statusSince, OffsetDateTime statusUntil, long members,
            Set<VulnerableFlag> flags) {
    }

    /** A page of the household list, with the number of households the filter selects. */
    public record Page(List<Line> lines, long total) {
    }

    /**
     * The household list of a community (or any subtree), in address order, in one statement: the total, the
     * page's ids from the (place_path, room, id) index alone (no heap read for the households skipped, no sort
     * of the whole area), then the page's households with their counts and flags. place_path is in the "C"
     * collation (V15), so the same index serves the prefix match and the order. The path prefixes are literals:
     * a LIKE with a bound parameter cannot use the prefix index once PostgreSQL switches to a generic plan.
     * Measured in docs/benchmarks.md ("Issue 19").
     */
    public Uni<Page> list(List<String> paths, ControlStatus status, VulnerableFlag flag, int page, int size) {
        StringBuilder where = new StringBuilder(AreaPaths.sqlWithin("place_path", paths));
        List<String> params = new ArrayList<>();
        if (status != null) {
            params.add(status.code());
            where.append(" AND status = ?").append(params.size());
        }
        if (flag != null) {
            params.add(flag.code());
            where.append(" AND EXISTS (SELECT 1 FROM person p JOIN person_flag f ON f.person_id = p.id "
                    + "WHERE p.household_id = household.id AND f.flag = ?").append(params.size()).append(")");
        }
        String sql = "WITH total AS (SELECT count(*) AS n FROM household WHERE " + where + "), "
                + "page AS (SELECT id FROM household WHERE " + where + " ORDER BY place_path, room, id "
                + "OFFSET " + (long) page * size + " LIMIT " + size + ") "
                + "SELECT total.n, h.id, h.code, h.unit_code, h.room, h.status, h.status_reason, h.status_source, "
                + "h.status_since, h.status_until, "
                + "(SELECT count(*) FROM person p WHERE p.household_id = h.id), "
                + "(SELECT string_agg(DISTINCT f.flag, ',') FROM person p JOIN person_flag f ON f.person_id = p.id "
                + "WHERE p.household_id = h.id) "
                + "FROM total LEFT JOIN (page JOIN household h ON h.id = page.id) ON true "
                + "ORDER BY h.place_path, h.room, h.id";
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql, Object[].class);
            for (int i = 0; i < params.size(); i++) {
                query.setParameter(i + 1, params.get(i));
            }
            return query.getResultList();
        }).map(HouseholdRepository::page);
    }

    private static Page page(List<Object[]> rows) {
        long total = rows.isEmpty() ? 0 : ((Number) rows.get(0)[0]).longValue();
        List<Line> lines = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            if (r[1] == null) {
                continue; // a page past the end: the total alone
            }
            Set<VulnerableFlag> flags = EnumSet.noneOf(VulnerableFlag.class);
            if (r[11] != null) {
                for (String code : ((String) r[11]).split(",")) {
                    flags.add(Coded.fromCode(VulnerableFlag.class, code));
                }
            }
            lines.add(new Line(Rows.uuid(r[1]), (String) r[2], (String) r[3], (String) r[4],
                    Coded.fromCode(ControlStatus.class, (String) r[5]), (String) r[6], (String) r[7], Rows.time(r[8]),
                    Rows.time(r[9]), ((Number) r[10]).longValue(), flags));
        }
        return new Page(lines, total);
    }
}
