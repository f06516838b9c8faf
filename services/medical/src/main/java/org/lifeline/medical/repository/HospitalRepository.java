package org.lifeline.medical.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.medical.api.MedicalApi.Assignment;
import org.lifeline.medical.api.MedicalApi.Department;
import org.lifeline.medical.api.MedicalApi.DepartmentRequest;
import org.lifeline.medical.api.MedicalApi.Hospital;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code hospital}, {@code department} (capacity and reserved, {@code CHECK reserved <= capacity}) and
 * {@code assignment} (the place a request holds). Places are reserved and given back by conditional updates, so
 * concurrent assignments never overbook.
 */
@ApplicationScoped
public class HospitalRepository {

    /** The department a place was reserved in. */
    public record Reserved(String hospitalName, String hospitalAreaCode, String kind, UUID hospitalId) {
    }

    /** A new hospital with its departments; false (nothing written) when its code is taken. */
    public boolean add(Connection c, UUID id, String code, String name, String areaCode, String areaPath, String createdBy,
            List<DepartmentRequest> departments) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO hospital (id, code, name, area_code, area_path, created_by) "
                + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING")) {
            s.setObject(1, id);
            s.setString(2, code);
            s.setString(3, name);
            s.setString(4, areaCode);
            s.setString(5, areaPath);
            s.setString(6, createdBy);
            if (s.executeUpdate() == 0) {
                return false;
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO department (id, hospital_id, kind, capacity) "
                + "VALUES (?, ?, ?, ?)")) {
            for (DepartmentRequest d : departments) {
                s.setObject(1, UUID.randomUUID());
                s.setObject(2, id);
                s.setString(3, d.kind());
                s.setInt(4, d.capacity());
                s.addBatch();
            }
            s.executeBatch();
        }
        return true;
    }

    public Optional<String> areaPath(Connection c, UUID hospital) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT area_path FROM hospital WHERE id = ?")) {
            s.setObject(1, hospital);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Sets (or adds) a department's capacity unless more is reserved; false when more is. */
    public boolean capacity(Connection c, UUID hospital, String kind, int capacity) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO department (id, hospital_id, kind, capacity) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (hospital_id, kind) DO UPDATE SET capacity = EXCLUDED.capacity "
                + "WHERE department.reserved <= EXCLUDED.capacity")) {
            s.setObject(1, UUID.randomUUID());
            s.setObject(2, hospital);
            s.setString(3, kind);
            s.setInt(4, capacity);
            return s.executeUpdate() > 0;
        }
    }

    /** Reserves one place if the department has a free one. */
    public Optional<Reserved> reserve(Connection c, UUID department) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE department d SET reserved = reserved + 1 FROM hospital h "
                + "WHERE d.id = ? AND h.id = d.hospital_id AND d.reserved < d.capacity RETURNING h.name, h.area_code, d.kind, h.id")) {
            s.setObject(1, department);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Reserved(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, UUID.class)))
                        : Optional.empty();
            }
        }
    }

    /** Which of these hospitals exist. */
    public java.util.Set<UUID> existing(Connection c, List<UUID> ids) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM hospital WHERE id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            java.util.Set<UUID> out = new java.util.HashSet<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
            return out;
        }
    }

    public boolean departmentExists(Connection c, UUID department) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM department WHERE id = ?")) {
            s.setObject(1, department);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The request's assignment (a new one, or replacing the earlier one). */
    public void assign(Connection c, UUID request, UUID department, String transportKind, String vehicle, String by)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO assignment (request_id, department_id, transport_kind, "
                + "vehicle, assigned_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (request_id) DO UPDATE SET "
                + "department_id = EXCLUDED.department_id, transport_kind = EXCLUDED.transport_kind, "
                + "vehicle = EXCLUDED.vehicle, assigned_by = EXCLUDED.assigned_by, assigned_at = now(), released_at = NULL")) {
            s.setObject(1, request);
            s.setObject(2, department);
            s.setString(3, transportKind);
            s.setString(4, vehicle);
            s.setString(5, by);
            s.executeUpdate();
        }
    }

    /** Gives back the request's reserved place, if it holds one; true when it held one. */
    public boolean release(Connection c, UUID request) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("WITH a AS (UPDATE assignment SET released_at = now() "
                + "WHERE request_id = ? AND released_at IS NULL RETURNING department_id) "
                + "UPDATE department SET reserved = reserved - 1 WHERE id IN (SELECT department_id FROM a)")) {
            s.setObject(1, request);
            return s.executeUpdate() > 0;
        }
    }

    public Assignment assignment(Connection c, UUID request) throws SQLException {
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

    /** One hospital with its departments, or every hospital when {@code id} is null. */
    public List<Hospital> hospitals(Connection c, UUID id) throws SQLException {
        Map<UUID, Hospital> out = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT h.id, h.name, h.area_code, d.id, d.kind, d.capacity, d.reserved, h.code "
                + "FROM hospital h LEFT JOIN department d ON d.hospital_id = h.id WHERE " + (id == null ? "TRUE" : "h.id = ?")
                + " ORDER BY h.name, h.id, d.kind")) {
            if (id != null) {
                s.setObject(1, id);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    UUID hospital = rs.getObject(1, UUID.class);
                    Hospital h = out.get(hospital);
                    if (h == null) {
                        h = new Hospital(hospital, rs.getString(8), rs.getString(2), rs.getString(3), new ArrayList<>());
                        out.put(hospital, h);
                    }
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
