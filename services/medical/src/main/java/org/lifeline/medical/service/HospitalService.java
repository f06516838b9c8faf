package org.lifeline.medical.service;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.medical.api.MedicalApi.AssignRequest;
import org.lifeline.medical.api.MedicalApi.Assignment;
import org.lifeline.medical.api.MedicalApi.Department;
import org.lifeline.medical.api.MedicalApi.DepartmentRequest;
import org.lifeline.medical.api.MedicalApi.Hospital;
import org.lifeline.medical.api.MedicalApi.HospitalRequest;
import org.lifeline.medical.api.MedicalApi.RequestView;
import org.lifeline.medical.escalation.Escalations;
import org.lifeline.medical.event.MedicalEvents;
import org.lifeline.medical.rest.Areas;
import org.lifeline.platform.outbox.OutboxRelay;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Caller;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Hospitals with departments and capacity (dialysis slots, maternity beds), kept by the health officers of
 * the hospital's area, and the assignment of a request to a department and a transport. Assigning reserves
 * one place with a conditional update ({@code reserved < capacity}), so concurrent assignments never
 * overbook; a capacity is never set below what is reserved. Re-assigning releases the earlier place;
 * cancelling a request releases it; resolving keeps it (the patient occupies it) until the patient is discharged
 * ({@code POST /requests/{id}/discharge}) or a health officer
 * lowers the reservation by changing the capacity (a simplification, see README).
 */
@ApplicationScoped
public class HospitalService {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Areas areas;

    @Inject
    RequestService requests;

    @Inject
    OutboxRelay relay;

    public Hospital create(Caller caller, HospitalRequest body) {
        Set<String> kinds = new HashSet<>();
        for (DepartmentRequest d : body.departments()) {
            if (!kinds.add(d.kind())) {
                throw ProblemException.invalidField("departments", Message.of("department " + d.kind() + " twice",
                        "科室 " + d.kind() + " 重复"));
            }
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                String path = placePath(c, body.areaCode());
                if (path == null || !AreaPaths.within(areas.paths(caller), path)) {
                    throw ProblemException.invalidField("areaCode", Message.of("not a place in your areas", "不在您负责的区域内"));
                }
                UUID id = UUID.randomUUID();
                try (PreparedStatement s = c.prepareStatement("INSERT INTO hospital (id, name, area_code, area_path, created_by) "
                        + "VALUES (?, ?, ?, ?, ?)")) {
                    s.setObject(1, id);
                    s.setString(2, body.name());
                    s.setString(3, body.areaCode());
                    s.setString(4, path);
                    s.setString(5, caller.username());
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO department (id, hospital_id, kind, capacity) "
                        + "VALUES (?, ?, ?, ?)")) {
                    for (DepartmentRequest d : body.departments()) {
                        s.setObject(1, UUID.randomUUID());
                        s.setObject(2, id);
                        s.setString(3, d.kind());
                        s.setInt(4, d.capacity());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                c.commit();
                return hospitals(c, "h.id = ?", id).get(0);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** All hospitals (capacity is not personal data; any staff member may look for a free bed). */
    public List<Hospital> list() {
        try (Connection c = dataSource.getConnection()) {
            return hospitals(c, "TRUE", null);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new capacity for one department, never below what is reserved (409). */
    public Hospital capacity(Caller caller, UUID hospital, String kind, int capacity) {
        try (Connection c = dataSource.getConnection()) {
            String path;
            try (PreparedStatement s = c.prepareStatement("SELECT area_path FROM hospital WHERE id = ?")) {
                s.setObject(1, hospital);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next() || !AreaPaths.within(areas.paths(caller), rs.getString(1))) {
                        throw ProblemException.notFound("Hospital", hospital);
                    }
                    path = rs.getString(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO department (id, hospital_id, kind, capacity) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT (hospital_id, kind) DO UPDATE SET capacity = EXCLUDED.capacity "
                    + "WHERE department.reserved <= EXCLUDED.capacity")) {
                s.setObject(1, UUID.randomUUID());
                s.setObject(2, hospital);
                s.setString(3, kind);
                s.setInt(4, capacity);
                if (s.executeUpdate() == 0) {
                    throw ProblemException.conflict(Message.of("More places are reserved than " + capacity + ".",
                            "已预留的床位多于 " + capacity + "。"));
                }
            }
            return hospitals(c, "h.id = ?", hospital).get(0);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Assigns the request to a department (one place reserved, or 409 when full) and a transport; asks
     * co-governance for a green-channel pass ({@code GreenChannelPassRequested}).
     */
    public RequestView assign(Caller caller, UUID id, AssignRequest body, String httpRequestId) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                RequestService.Row row = RequestService.lock(c, id);
                requests.requireHandling(caller, row);
                if (!Set.of("raised", "acknowledged", "assigned").contains(row.status())) {
                    throw ProblemException.conflict(Message.of("The request is " + row.status() + "; it cannot be assigned now.",
                            "该求助当前状态为 " + row.status() + "，不能再分配。"));
                }
                release(c, id);
                String hospitalName;
                String hospitalArea;
                String kind;
                try (PreparedStatement s = c.prepareStatement("UPDATE department d SET reserved = reserved + 1 FROM hospital h "
                        + "WHERE d.id = ? AND h.id = d.hospital_id AND d.reserved < d.capacity RETURNING h.name, h.area_code, d.kind")) {
                    s.setObject(1, body.departmentId());
                    try (ResultSet rs = s.executeQuery()) {
                        if (!rs.next()) {
                            throw departmentFullOrUnknown(c, body.departmentId());
                        }
                        hospitalName = rs.getString(1);
                        hospitalArea = rs.getString(2);
                        kind = rs.getString(3);
                    }
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO assignment (request_id, department_id, transport_kind, "
                        + "vehicle, assigned_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (request_id) DO UPDATE SET "
                        + "department_id = EXCLUDED.department_id, transport_kind = EXCLUDED.transport_kind, "
                        + "vehicle = EXCLUDED.vehicle, assigned_by = EXCLUDED.assigned_by, assigned_at = now(), released_at = NULL")) {
                    s.setObject(1, id);
                    s.setObject(2, body.departmentId());
                    s.setString(3, body.transportKind());
                    s.setString(4, body.vehicle());
                    s.setString(5, caller.username());
                    s.executeUpdate();
                }
                if (!"assigned".equals(row.status())) {
                    RequestService.setStatus(c, row, "assigned");
                }
                Escalations.timeline(c, id, "assigned", row.level(), caller.username(), hospitalName + " (" + kind + "), "
                        + body.transportKind() + " " + body.vehicle() + "; green-channel pass requested");
                MedicalEvents.write(c, id, MedicalEvents.PASS_REQUESTED, new MedicalEvents.PassRequested(id, row.household(),
                        row.path(), hospitalName, hospitalArea, body.transportKind(), body.vehicle(), row.severity()));
                c.commit();
                relay.wake();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return requests.view(caller, id, httpRequestId);
    }

    private static ProblemException departmentFullOrUnknown(Connection c, UUID department) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM department WHERE id = ?")) {
            s.setObject(1, department);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return ProblemException.invalidField("departmentId", Message.of("no such department", "没有该科室"));
                }
            }
        }
        return ProblemException.conflict(Message.of("This department has no free place.", "该科室已无空余床位/名额。"));
    }

    /** Gives back the request's reserved place, if it holds one; true when it held one. */
    static boolean release(Connection c, UUID request) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("WITH a AS (UPDATE assignment SET released_at = now() "
                + "WHERE request_id = ? AND released_at IS NULL RETURNING department_id) "
                + "UPDATE department SET reserved = reserved - 1 WHERE id IN (SELECT department_id FROM a)")) {
            s.setObject(1, request);
            return s.executeUpdate() > 0;
        }
    }

    static Assignment assignment(Connection c, UUID request) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT h.id, h.name, d.id, d.kind, a.transport_kind, a.vehicle, "
                + "a.assigned_by, a.assigned_at FROM assignment a JOIN department d ON d.id = a.department_id "
                + "JOIN hospital h ON h.id = d.hospital_id WHERE a.request_id = ? AND a.released_at IS NULL")) {
            s.setObject(1, request);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Assignment(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class))
                        : null;
            }
        }
    }

    private static String placePath(Connection c, String code) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT path FROM place_rm WHERE code = ?")) {
            s.setString(1, code);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static List<Hospital> hospitals(Connection c, String where, UUID id) throws SQLException {
        Map<UUID, Hospital> out = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT h.id, h.name, h.area_code, d.id, d.kind, d.capacity, d.reserved "
                + "FROM hospital h LEFT JOIN department d ON d.hospital_id = h.id WHERE " + where
                + " ORDER BY h.name, h.id, d.kind")) {
            if (id != null) {
                s.setObject(1, id);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Hospital h = out.computeIfAbsent(rs.getObject(1, UUID.class), k -> {
                        try {
                            return new Hospital(k, rs.getString(2), rs.getString(3), new ArrayList<>());
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    if (rs.getObject(4) != null) {
                        h.departments().add(new Department(rs.getObject(4, UUID.class), rs.getString(5), rs.getInt(6),
                                rs.getInt(7), rs.getInt(6) - rs.getInt(7)));
                    }
                }
            }
        }
        return new ArrayList<>(out.values());
    }
}
