package org.lifeline.residents.service;

import org.lifeline.residents.config.Texts;
import org.lifeline.platform.security.AreaPaths;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.lifeline.platform.privacy.Masking;
import org.lifeline.platform.problem.Lang;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.residents.mapping.CsvText;
import org.lifeline.residents.repository.RegisterExportRepository;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
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

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RegisterExportRepository repository;

    /**
     * Checks the caller may export the place, counts the rows and writes the audit; the returned
     * export is then streamed with {@link #write}.
     */
    public Export prepare(Caller caller, List<String> areaPaths, String placeCode, String flag, Format format,
            Set<String> reveal, String purpose, String requestId, Lang lang) {
        try (Connection c = dataSource.getConnection()) {
            String path = repository.placePath(c, placeCode).orElseThrow(() -> ProblemException.notFound("Place", placeCode));
            if (!AreaPaths.within(areaPaths, path)) {
                throw ProblemException.forbidden(Texts.of("register-exports.place-outside-areas", placeCode));
            }
            c.setAutoCommit(false);
            long rows = repository.count(c, path, flag);
            repository.audit(c, caller, placeCode, path, flag, format.name().toLowerCase(java.util.Locale.ROOT), reveal,
                    purpose, rows, requestId);
            c.commit();
            return new Export(placeCode, path, flag, format, reveal, rows, lang);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Streams the export: rows by address, persons in the order they were registered. */
    public void write(Export export, OutputStream out) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (export.format() == Format.CSV) {
                    csv(export, c, out);
                } else {
                    xlsx(export, c, out);
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void csv(Export export, Connection c, OutputStream out) throws SQLException, IOException {
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write('\uFEFF'); // Excel opens UTF-8 CSV correctly only with a BOM
        CsvText.row(w, export.lang() == Lang.EN ? HEADER_EN : HEADER_ZH);
        String[] row = new String[HEADER_EN.length];
        repository.stream(c, export.placePath(), export.flag(), r -> {
            fill(export, r, row);
            CsvText.row(w, row);
        });
        w.flush();
    }

    private void xlsx(Export export, Connection c, OutputStream out) throws SQLException, IOException {
        try (Workbook wb = new Workbook(out, "Lifeline", "1.0")) {
            Worksheet ws = wb.newWorksheet(export.lang() == Lang.EN ? "persons" : "人员");
            String[] header = export.lang() == Lang.EN ? HEADER_EN : HEADER_ZH;
            for (int i = 0; i < header.length; i++) {
                ws.inlineString(0, i, header[i]);
            }
            String[] row = new String[HEADER_EN.length];
            int[] r = { 1 };
            repository.stream(c, export.placePath(), export.flag(), line -> {
                fill(export, line, row);
                for (int i = 0; i < row.length; i++) {
                    if (row[i] != null) {
                        ws.inlineString(r[0], i, row[i]); // text, so ID numbers keep every digit
                    }
                }
                if (++r[0] % 1000 == 0) {
                    ws.flush();
                }
            });
            ws.finish();
        }
    }

    private static void fill(Export export, RegisterExportRepository.Row r, String[] row) {
        boolean zh = export.lang() != Lang.EN;
        row[0] = r.community();
        row[1] = r.compound();
        row[2] = r.building();
        row[3] = r.unit();
        row[4] = r.room();
        row[5] = r.name();
        row[6] = export.revealed().contains("idNumber") ? r.idNumber() : Masking.idNumber(r.idNumber());
        row[7] = export.revealed().contains("phone") ? r.phone() : Masking.phone(r.phone());
        String relation = r.relation();
        row[8] = zh ? RELATION_ZH.getOrDefault(relation, relation) : relation;
        String flags = r.flags();
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
        String status = r.status();
        row[10] = zh ? STATUS_ZH.getOrDefault(status, status) : status;
    }


    /** Exports of places inside the given path prefixes ({@code "/"}: all), newest first. */
    public List<org.lifeline.residents.api.ExportAuditEntry> audit(List<String> areaPaths, int page, int size) {
        if (areaPaths.isEmpty()) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection()) {
            return repository.audits(c, areaPaths, page, size);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
