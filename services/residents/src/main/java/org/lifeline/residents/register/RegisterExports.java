package org.lifeline.residents.register;

import org.lifeline.platform.security.AreaPaths;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.lifeline.platform.privacy.Masking;
import org.lifeline.platform.problem.Lang;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Exports the persons of a place (导出) as CSV or XLSX, in the register layout, so that an unmasked
 * export corrected in Excel can be imported again. Masked unless the caller reveals ID numbers and
 * phones with a purpose; every export is written to {@code export_audit} (append-only) before the
 * first byte leaves, and an unmasked one also to {@code personal_data_access} for every person in it.
 */
@ApplicationScoped
public class RegisterExports {

    /** What to export. */
    public enum Format {
        CSV, XLSX
    }

    /** A checked export, ready to stream. */
    public record Export(String placeCode, String placePath, String flag, Format format, Set<String> revealed,
            long rows, Lang lang) {
    }

    private static final Map<String, String> RELATION_ZH = Map.of("householder", "户主", "spouse", "配偶",
            "child", "子女", "parent", "父母", "grandparent", "祖父母", "grandchild", "孙子女", "sibling", "兄弟姐妹",
            "other-relative", "其他亲属", "tenant", "租户", "other", "其他");
    private static final Map<String, String> FLAG_ZH = Map.of("living-alone-over-70", "独居老人", "disabled", "残疾人",
            "pregnant", "孕产妇", "dialysis", "透析患者", "chronic-illness", "慢性病", "child-without-guardian", "无人监护儿童",
            "bedridden", "卧床");
    private static final Map<String, String> STATUS_ZH = Map.of("normal", "常态", "precaution", "防范区",
            "controlled", "管控区", "sealed", "封控区");
    private static final String[] HEADER_ZH = { "社区编码", "小区", "楼栋", "单元", "房号", "姓名", "身份证号", "手机号",
            "与户主关系", "特殊人群", "管控状态" };
    private static final String[] HEADER_EN = { "community", "compound", "building", "unit", "room", "name", "idNumber",
            "phone", "relation", "flags", "status" };

    private static final String FROM = " FROM household h JOIN person p ON p.household_id = h.id AND p.verified "
            + "WHERE h.place_path LIKE ? AND (CAST(? AS varchar) IS NULL OR EXISTS (SELECT 1 FROM person_flag f "
            + "WHERE f.person_id = p.id AND f.flag = ?))";

    @Inject
    AgroalDataSource dataSource;

    /**
     * Checks the caller may export the place, counts the rows and writes the audit; the returned
     * export is then streamed with {@link #write}.
     */
    public Export prepare(Caller caller, List<String> areaPaths, String placeCode, String flag, Format format,
            Set<String> reveal, String purpose, String requestId, Lang lang) {
        try (Connection c = dataSource.getConnection()) {
            String path;
            try (PreparedStatement s = c.prepareStatement("SELECT path FROM place WHERE code = ?")) {
                s.setString(1, placeCode);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw ProblemException.notFound("Place", placeCode);
                    }
                    path = rs.getString(1);
                }
            }
            if (!AreaPaths.within(areaPaths, path)) {
                throw ProblemException.forbidden(Message.of("Place " + placeCode + " is outside your areas.",
                        "地点 " + placeCode + " 不在您的负责范围内。"));
            }
            c.setAutoCommit(false);
            long rows;
            try (PreparedStatement s = c.prepareStatement("SELECT count(*)" + FROM)) {
                where(s, path, flag);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    rows = rs.getLong(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO export_audit (actor_subject, actor_username, "
                    + "actor_roles, place_code, filter, format, revealed, purpose, rows_exported, request_id) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, caller.subject());
                s.setString(2, caller.username());
                s.setString(3, String.join(",", new TreeSet<>(caller.roles())));
                s.setString(4, placeCode);
                s.setString(5, flag == null ? null : "flag=" + flag);
                s.setString(6, format.name().toLowerCase(java.util.Locale.ROOT));
                s.setString(7, reveal.isEmpty() ? null : String.join(",", new TreeSet<>(reveal)));
                s.setString(8, purpose);
                s.setLong(9, rows);
                s.setString(10, requestId);
                s.executeUpdate();
            }
            if (!reveal.isEmpty()) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO personal_data_access (actor_subject, "
                        + "actor_username, actor_roles, person_id, household_id, fields, purpose, request_id) "
                        + "SELECT ?, ?, ?, p.id, h.id, ?, ?, ?" + FROM)) {
                    s.setString(1, caller.subject());
                    s.setString(2, caller.username());
                    s.setString(3, String.join(",", new TreeSet<>(caller.roles())));
                    s.setString(4, String.join(",", new TreeSet<>(reveal)));
                    s.setString(5, "export: " + purpose);
                    s.setString(6, requestId);
                    s.setString(7, path + "%");
                    s.setString(8, flag);
                    s.setString(9, flag);
                    s.executeUpdate();
                }
            }
            c.commit();
            return new Export(placeCode, path, flag, format, reveal, rows, lang);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void where(PreparedStatement s, String path, String flag) throws SQLException {
        s.setString(1, path + "%");
        s.setString(2, flag);
        s.setString(3, flag);
    }

    /** Streams the export: rows by address, persons in the order they were registered. */
    public void write(Export export, OutputStream out) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("SELECT cm.code, cp.name, b.name, u.name, h.room, p.name, "
                    + "p.id_number, p.phone, p.relation, (SELECT string_agg(f.flag, ';' ORDER BY f.flag) "
                    + "FROM person_flag f WHERE f.person_id = p.id), h.status "
                    + FROM.replace(" FROM household h ", " FROM household h JOIN place u ON u.code = h.unit_code "
                    + "LEFT JOIN place b ON b.code = u.parent_code LEFT JOIN place cp ON cp.code = b.parent_code "
                    + "LEFT JOIN place cm ON cm.code = cp.parent_code ")
                    + " ORDER BY h.place_path, h.room, p.created_at, p.id")) {
                s.setFetchSize(2000);
                where(s, export.placePath(), export.flag());
                try (ResultSet rs = s.executeQuery()) {
                    if (export.format() == Format.CSV) {
                        csv(export, rs, out);
                    } else {
                        xlsx(export, rs, out);
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void csv(Export export, ResultSet rs, OutputStream out) throws SQLException, IOException {
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write('\uFEFF'); // Excel opens UTF-8 CSV correctly only with a BOM
        CsvText.row(w, export.lang() == Lang.EN ? HEADER_EN : HEADER_ZH);
        String[] row = new String[HEADER_EN.length];
        while (rs.next()) {
            fill(export, rs, row);
            CsvText.row(w, row);
        }
        w.flush();
    }

    private void xlsx(Export export, ResultSet rs, OutputStream out) throws SQLException, IOException {
        try (Workbook wb = new Workbook(out, "Lifeline", "1.0")) {
            Worksheet ws = wb.newWorksheet(export.lang() == Lang.EN ? "persons" : "人员");
            String[] header = export.lang() == Lang.EN ? HEADER_EN : HEADER_ZH;
            for (int i = 0; i < header.length; i++) {
                ws.inlineString(0, i, header[i]);
            }
            String[] row = new String[HEADER_EN.length];
            int r = 1;
            while (rs.next()) {
                fill(export, rs, row);
                for (int i = 0; i < row.length; i++) {
                    if (row[i] != null) {
                        ws.inlineString(r, i, row[i]); // text, so ID numbers keep every digit
                    }
                }
                if (++r % 1000 == 0) {
                    ws.flush();
                }
            }
            ws.finish();
        }
    }

    private static void fill(Export export, ResultSet rs, String[] row) throws SQLException {
        boolean zh = export.lang() != Lang.EN;
        for (int i = 0; i < 6; i++) {
            row[i] = rs.getString(i + 1);
        }
        String id = rs.getString(7);
        String phone = rs.getString(8);
        row[6] = export.revealed().contains("idNumber") ? id : Masking.idNumber(id);
        row[7] = export.revealed().contains("phone") ? phone : Masking.phone(phone);
        String relation = rs.getString(9);
        row[8] = zh ? RELATION_ZH.getOrDefault(relation, relation) : relation;
        String flags = rs.getString(10);
        if (flags == null) {
            row[9] = null;
        } else if (zh) {
            StringBuilder b = new StringBuilder();
            for (String f : flags.split(";")) {
                b.append(b.length() == 0 ? "" : "、").append(FLAG_ZH.getOrDefault(f, f));
            }
            row[9] = b.toString();
        } else {
            row[9] = flags;
        }
        String status = rs.getString(11);
        row[10] = zh ? STATUS_ZH.getOrDefault(status, status) : status;
    }


    /** One audited export. */
    public record AuditEntry(long id, java.time.OffsetDateTime exportedAt, String actorSubject, String actorUsername,
            String actorRoles, String placeCode, String filter, String format, String revealed, String purpose,
            long rows, String requestId) {
    }

    /** Exports of places inside the given path prefixes ({@code "/"}: all), newest first. */
    public List<AuditEntry> audit(List<String> areaPaths, int page, int size) {
        if (areaPaths.isEmpty()) {
            return List.of();
        }
        String within = AreaPaths.sqlWithin("pl.path", areaPaths);
        List<AuditEntry> entries = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT a.id, a.exported_at, a.actor_subject, a.actor_username, a.actor_roles, a.place_code, a.filter, "
                        + "a.format, a.revealed, a.purpose, a.rows_exported, a.request_id FROM export_audit a "
                        + "JOIN place pl ON pl.code = a.place_code WHERE " + within
                        + " ORDER BY a.id DESC LIMIT ? OFFSET ?")) {
            s.setInt(1, size);
            s.setLong(2, (long) page * size);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    entries.add(new AuditEntry(rs.getLong(1), rs.getObject(2, java.time.OffsetDateTime.class),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getString(8), rs.getString(9), rs.getString(10), rs.getLong(11), rs.getString(12)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return entries;
    }
}
