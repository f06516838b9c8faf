package org.lifeline.residents.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.outbox.Outbox;
import org.lifeline.residents.event.HouseholdChanged;
import org.lifeline.residents.model.Coded;
import org.lifeline.residents.model.ControlStatus;
import org.lifeline.residents.model.Relation;
import org.lifeline.residents.model.VulnerableFlag;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code HouseholdChanged} events written over JDBC for many households at once (register imports, status
 * changes that testing's facts cause): each household's whole current state, read in one streamed query,
 * written through {@link Outbox} exactly as {@code service.ResidentsEvents} does for single changes.
 */
@ApplicationScoped
public class HouseholdEventsRepository {

    @Inject
    ObjectMapper mapper;

    /** One household as the streamed query reads it, before its members. */
    private record HouseholdRow(UUID id, String code, String unitCode, String room, String placePath, String gridCode,
            String status, String statusReason, String statusSource, OffsetDateTime statusSince,
            OffsetDateTime statusUntil, long version, HouseholdChanged.Change change) {

        static HouseholdRow read(ResultSet rs) throws SQLException {
            return new HouseholdRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(18), rs.getString(6), rs.getString(7), rs.getString(8),
                    rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class), rs.getLong(11),
                    changeOf(rs.getString(12)));
        }

        HouseholdChanged data(List<HouseholdChanged.Member> members) {
            return new HouseholdChanged(change, id, code, unitCode, room, placePath, gridCode,
                    Coded.fromCode(ControlStatus.class, status), statusReason, statusSource, statusSince, statusUntil,
                    version, members);
        }
    }

    /**
     * Writes one event per household listed in {@code table} (columns {@code household_id}, {@code change}:
     * registered, person-added, person-updated, person-removed, status-changed, grid-assigned), in the caller's
     * transaction.
     *
     * @param table a (temporary) table name of the caller's own, never user input
     */
    public void write(Connection c, String table) throws SQLException {
        if (!table.matches("[a-z_]+")) {
            throw new IllegalArgumentException(table);
        }
        try (PreparedStatement read = c.prepareStatement("SELECT h.id, h.code, h.unit_code, h.room, h.place_path, "
                + "h.status, h.status_reason, h.status_source, h.status_since, h.status_until, h.version, ch.change, "
                + "p.id, p.name, p.birth_date, p.relation, "
                + "(SELECT string_agg(f.flag, ';') FROM person_flag f WHERE f.person_id = p.id), h.grid_code "
                + "FROM " + table + " ch JOIN household h ON h.id = ch.household_id "
                + "LEFT JOIN person p ON p.household_id = h.id AND p.verified ORDER BY h.id, p.created_at, p.id");
                PreparedStatement outbox = Outbox.insert(c)) {
            read.setFetchSize(2000);
            int batched = 0;
            try (ResultSet rs = read.executeQuery()) {
                HouseholdRow household = null;
                List<HouseholdChanged.Member> members = new ArrayList<>();
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    if (household == null || !id.equals(household.id())) {
                        if (household != null) {
                            add(outbox, household, members);
                            batched++;
                        }
                        household = HouseholdRow.read(rs);
                        members = new ArrayList<>();
                    }
                    UUID person = rs.getObject(13, UUID.class);
                    if (person != null) {
                        members.add(new HouseholdChanged.Member(person, rs.getString(14),
                                rs.getObject(15, LocalDate.class), Coded.fromCode(Relation.class, rs.getString(16)),
                                flags(rs.getString(17))));
                    }
                    if (batched >= 1000) {
                        outbox.executeBatch();
                        batched = 0;
                    }
                }
                if (household != null) {
                    add(outbox, household, members);
                }
            }
            outbox.executeBatch();
        }
    }

    private void add(PreparedStatement outbox, HouseholdRow h, List<HouseholdChanged.Member> members) throws SQLException {
        Outbox.bind(outbox, Outbox.row(mapper, HouseholdChanged.EVENT, h.id().toString(), h.data(members)));
        outbox.addBatch();
    }

    private static Set<VulnerableFlag> flags(String joined) {
        Set<VulnerableFlag> set = EnumSet.noneOf(VulnerableFlag.class);
        if (joined != null) {
            for (String f : joined.split(";")) {
                set.add(Coded.fromCode(VulnerableFlag.class, f));
            }
        }
        return Set.copyOf(set);
    }

    private static HouseholdChanged.Change changeOf(String code) {
        return switch (code) {
            case "registered" -> HouseholdChanged.Change.REGISTERED;
            case "person-added" -> HouseholdChanged.Change.PERSON_ADDED;
            case "person-removed" -> HouseholdChanged.Change.PERSON_REMOVED;
            case "status-changed" -> HouseholdChanged.Change.STATUS_CHANGED;
            case "grid-assigned" -> HouseholdChanged.Change.GRID_ASSIGNED;
            default -> HouseholdChanged.Change.PERSON_UPDATED;
        };
    }
}
