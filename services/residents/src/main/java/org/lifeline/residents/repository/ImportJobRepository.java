package org.lifeline.residents.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.platform.problem.Lang;
import org.lifeline.residents.api.ImportApi.ImportError;
import org.lifeline.residents.api.ImportApi.ImportJob;
import org.lifeline.residents.mapping.RegisterFile;

import java.io.IOException;
import java.nio.charset.Charset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Register import jobs and their row errors (tables {@code import_job}, {@code import_error}), over JDBC. */
@ApplicationScoped
public class ImportJobRepository {

    private static final String JOB_COLUMNS = "id, file_name, format, charset, status, phase, percent, bytes_total, "
            + "rows_expected, rows_read, rows_accepted, rows_rejected, persons_created, persons_updated, "
            + "households_created, places_created, failure, created_by_name, created_at, started_at, finished_at";

    /** A new job, as the upload was checked. */
    public record NewJob(UUID id, String fileName, RegisterFile.Format format, Charset charset, String createdBy,
            String createdByName, String areas, long bytes, long rowsExpected, String requestId, String runner) {
    }

    /** Receives error rows; may write to a response. */
    public interface ErrorSink {
        void accept(ImportError error) throws IOException;
    }

    /** Marks the jobs a runner held when it stopped failed; how many. */
    public int failUnfinished(Connection c, String runner, String failure) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE import_job SET status = 'failed', finished_at = now(), "
                + "failure = ? WHERE runner = ? AND status IN ('queued', 'running')")) {
            s.setString(1, failure);
            s.setString(2, runner);
            return s.executeUpdate();
        }
    }

    public long queued(Connection c, String runner) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT count(*) FROM import_job WHERE runner = ? AND status = 'queued'")) {
            q.setString(1, runner);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public void insert(Connection c, NewJob job) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO import_job (id, file_name, format, charset, "
                + "status, created_by, created_by_name, areas, bytes_total, rows_expected, request_id, runner) "
                + "VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)")) {
            s.setObject(1, job.id());
            s.setString(2, job.fileName());
            s.setString(3, job.format().code());
            s.setString(4, job.charset() == null ? null : job.charset().name());
            s.setString(5, job.createdBy());
            s.setString(6, job.createdByName());
            s.setString(7, job.areas());
            s.setLong(8, job.bytes());
            if (job.rowsExpected() > 1) {
                s.setLong(9, job.rowsExpected() - 1);
            } else {
                s.setNull(9, java.sql.Types.BIGINT);
            }
            s.setString(10, job.requestId());
            s.setString(11, job.runner());
            s.executeUpdate();
        }
    }

    public void running(Connection c, UUID id) throws SQLException {
        update(c, "UPDATE import_job SET status = 'running', started_at = now() WHERE id = ?", id);
    }

    public void done(Connection c, UUID id, ImportRunner.Counts counts) throws SQLException {
        update(c, "UPDATE import_job SET status = 'done', phase = NULL, percent = 100, finished_at = now(), "
                + "rows_read = ?, rows_accepted = ?, rows_rejected = ?, persons_created = ?, persons_updated = ?, "
                + "households_created = ?, places_created = ? WHERE id = ?", counts.read, counts.accepted,
                counts.rejected, counts.personsCreated, counts.personsUpdated, counts.householdsCreated,
                counts.placesCreated, id);
    }

    public void failed(Connection c, UUID id, String failure) throws SQLException {
        update(c, "UPDATE import_job SET status = 'failed', phase = NULL, finished_at = now(), failure = ? "
                + "WHERE id = ?", failure, id);
    }

    /** Fresh statistics after a bulk change, so the next queries are planned for the new sizes. */
    /**
     * After a bulk import: fresh statistics, and the visibility map of the pages just written, so the household list
     * and the searches read their indexes alone right away instead of visiting a fresh heap page per index entry
     * until autovacuum comes by (docs/benchmarks.md, "Issue 19": p95 24.5 ms seconds after a 1,000,000-row import
     * against 17.1 ms once vacuumed). VACUUM runs outside a transaction: {@code c} must be in autocommit.
     */
    public void vacuumAnalyze(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("VACUUM (ANALYZE) household, person, person_flag");
        }
    }

    /** The paths of these place codes (those that exist). */
    public List<String> paths(Connection c, List<String> codes) throws SQLException {
        List<String> paths = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT path FROM place WHERE code = ANY (?)")) {
            s.setArray(1, c.createArrayOf("varchar", codes.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    paths.add(rs.getString(1));
                }
            }
        }
        return paths;
    }

    public Optional<ImportJob> find(Connection c, UUID id, String createdBy) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM import_job WHERE id = ? "
                + "AND created_by = ?")) {
            s.setObject(1, id);
            s.setString(2, createdBy);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(job(rs)) : Optional.empty();
            }
        }
    }

    public long count(Connection c, String createdBy) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM import_job WHERE created_by = ?")) {
            s.setString(1, createdBy);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Newest first. */
    public List<ImportJob> page(Connection c, String createdBy, int page, int size) throws SQLException {
        List<ImportJob> items = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM import_job "
                + "WHERE created_by = ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?")) {
            s.setString(1, createdBy);
            s.setInt(2, size);
            s.setLong(3, (long) page * size);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    items.add(job(rs));
                }
            }
        }
        return items;
    }

    /** A page of a job's row errors, by line. */
    public List<ImportError> errors(Connection c, UUID id, int page, int size, Lang lang) throws SQLException {
        List<ImportError> items = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT line, field, code, message_en, message_zh FROM import_error "
                + "WHERE job_id = ? ORDER BY line, field LIMIT ? OFFSET ?")) {
            s.setObject(1, id);
            s.setInt(2, size);
            s.setLong(3, (long) page * size);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    items.add(error(rs, lang));
                }
            }
        }
        return items;
    }

    /** Every row error of a job, by line, streamed (in a read-only transaction of the caller's). */
    public void eachError(Connection c, UUID id, Lang lang, ErrorSink sink) throws SQLException, IOException {
        try (PreparedStatement s = c.prepareStatement("SELECT line, field, code, message_en, message_zh "
                + "FROM import_error WHERE job_id = ? ORDER BY line, field")) {
            s.setFetchSize(1000);
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    sink.accept(error(rs, lang));
                }
            }
        }
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        }
    }

    /** Errors were stored in both languages as the row was checked. */
    private static ImportError error(ResultSet rs, Lang lang) throws SQLException {
        return new ImportError(rs.getLong(1), rs.getString(2), rs.getString(3),
                lang.locale().getLanguage().equals("en") ? rs.getString(4) : rs.getString(5));
    }

    private static ImportJob job(ResultSet rs) throws SQLException {
        UUID id = rs.getObject(1, UUID.class);
        return new ImportJob(id, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getInt(7), rs.getLong(8), (Long) rs.getObject(9), rs.getLong(10), rs.getLong(11), rs.getLong(12),
                rs.getLong(13), rs.getLong(14), rs.getLong(15), rs.getLong(16), rs.getString(17), rs.getString(18),
                rs.getObject(19, OffsetDateTime.class), rs.getObject(20, OffsetDateTime.class),
                rs.getObject(21, OffsetDateTime.class),
                new ImportJob.Links("/api/residents/imports/" + id, "/api/residents/imports/" + id + "/errors",
                        "/api/residents/imports/" + id + "/errors.csv"));
    }
}
