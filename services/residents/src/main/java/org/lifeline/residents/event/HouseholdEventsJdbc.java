package org.lifeline.residents.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.lifeline.platform.events.CloudEvent;
import org.lifeline.residents.model.Coded;
import org.lifeline.residents.model.ControlStatus;
import org.lifeline.residents.model.Relation;
import org.lifeline.residents.model.VulnerableFlag;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code HouseholdChanged} events written over JDBC for many households at once (register imports,
 * status changes that other services' events cause): each household's whole current state, read in
 * one streamed query, serialized exactly as {@link ResidentsEvents} does for single changes.
 */
public final class HouseholdEventsJdbc {

    private final ObjectMapper mapper;

    public HouseholdEventsJdbc(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Writes one event per household listed in {@code table} (columns {@code household_id}, {@code change}:
     * registered, person-added, person-updated, person-removed, status-changed), in the caller's transaction.
     *
     * @param table a (temporary) table name of the caller's own, never user input
     */
    public void write(Connection c, String table) throws Exception {
        if (!table.matches("[a-z_]+")) {
            throw new IllegalArgumentException(table);
        }
        try (PreparedStatement read = c.prepareStatement("SELECT h.id, h.code, h.unit_code, h.room, h.place_path, "
                + "h.status, h.status_reason, h.status_source, h.status_since, h.status_until, h.version, ch.change, "
                + "p.id, p.name, p.birth_date, p.relation, "
                + "(SELECT string_agg(f.flag, ';') FROM person_flag f WHERE f.person_id = p.id), h.grid_code "
                + "FROM " + table + " ch JOIN household h ON h.id = ch.household_id "
                + "LEFT JOIN person p ON p.household_id = h.id AND p.verified ORDER BY h.id, p.created_at, p.id");
                PreparedStatement outbox = c.prepareStatement("INSERT INTO outbox (event_id, topic, event_key, "
                        + "event_type, payload) VALUES (?, ?, ?, ?, ?)")) {
            read.setFetchSize(2000);
            int batched = 0;
            try (ResultSet rs = read.executeQuery()) {
                UUID current = null;
                HouseholdChanged.Change change = null;
                Object[] household = null;
                List<HouseholdChanged.Member> members = new ArrayList<>();
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    if (!id.equals(current)) {
                        if (current != null) {
                            batched += event(outbox, change, household, members);
                        }
                        current = id;
                        change = change(rs.getString(12));
                        household = new Object[] { id, rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                                rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class),
                                rs.getLong(11), rs.getString(18) };
                        members = new ArrayList<>();
                    }
                    UUID person = rs.getObject(13, UUID.class);
                    if (person != null) {
                        String flags = rs.getString(17);
                        Set<VulnerableFlag> set = EnumSet.noneOf(VulnerableFlag.class);
                        if (flags != null) {
                            for (String f : flags.split(";")) {
                                set.add(Coded.fromCode(VulnerableFlag.class, f));
                            }
                        }
                        members.add(new HouseholdChanged.Member(person, rs.getString(14),
                                rs.getObject(15, java.time.LocalDate.class), Coded.fromCode(Relation.class, rs.getString(16)),
                                Set.copyOf(set)));
                    }
                    if (batched >= 1000) {
                        outbox.executeBatch();
                        batched = 0;
                    }
                }
                if (current != null) {
                    event(outbox, change, household, members);
                }
            }
            outbox.executeBatch();
        }
    }

    private int event(PreparedStatement outbox, HouseholdChanged.Change change, Object[] h,
            List<HouseholdChanged.Member> members) throws Exception {
        UUID id = (UUID) h[0];
        HouseholdChanged data = new HouseholdChanged(change, id, (String) h[1], (String) h[2], (String) h[3],
                (String) h[4], (String) h[11], Coded.fromCode(ControlStatus.class, (String) h[5]), (String) h[6], (String) h[7],
                (OffsetDateTime) h[8], (OffsetDateTime) h[9], (Long) h[10], members);
        CloudEvent<HouseholdChanged> event = CloudEvent.of(ResidentsEvents.SOURCE, HouseholdChanged.TYPE, id.toString(),
                data);
        outbox.setObject(1, UUID.fromString(event.id()));
        outbox.setString(2, HouseholdChanged.TOPIC);
        outbox.setString(3, id.toString());
        outbox.setString(4, event.type());
        outbox.setString(5, mapper.writeValueAsString(event));
        outbox.addBatch();
        return 1;
    }

    private static HouseholdChanged.Change change(String code) {
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
