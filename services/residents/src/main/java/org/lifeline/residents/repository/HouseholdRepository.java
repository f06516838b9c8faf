package org.lifeline.residents.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.residents.model.ControlStatus;
import org.lifeline.residents.model.Household;
import org.lifeline.residents.model.VulnerableFlag;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
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

    /** A page of the household list of these path prefixes, with the total; status and flag optional. */
    public record Page(List<Household> households, long total) {
    }

    /**
     * The household list of a community (or any subtree): the path prefixes as literals (a LIKE with a bound
     * parameter cannot use the prefix index once PostgreSQL switches to a generic plan, and then scans every
     * household of the city), in address order, the order of the (place_path, room) index: no sort of the whole
     * area per page (bench target in docs/benchmarks*.md).
     */
    public Uni<Page> list(List<String> paths, ControlStatus status, VulnerableFlag flag, int page, int size) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder where = new StringBuilder(AreaPaths.sqlWithin("h.placePath", paths));
        if (status != null) {
            where.append(" and h.status = :status");
            params.put("status", status);
        }
        if (flag != null) {
            where.append(" and exists (select 1 from Person p join p.flags f where p.householdId = h.id and f = :flag)");
            params.put("flag", flag);
        }
        var query = find("from Household h where " + where + " order by h.placePath, h.room", params);
        return query.count().flatMap(total -> query.page(page, size).list().map(list -> new Page(list, total)));
    }

    /** Per household of the page: its number of persons and its persons' flags (two aggregate queries, not N). */
    public record Members(Map<UUID, Long> counts, Map<UUID, Set<VulnerableFlag>> flags) {
    }

    public Uni<Members> members(List<UUID> ids) {
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
                            return new Members(counts, flags);
                        })));
    }
}
