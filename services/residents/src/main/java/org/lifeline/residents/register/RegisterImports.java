package org.lifeline.residents.register;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.problem.ProblemType;
import org.lifeline.platform.security.Caller;
import org.lifeline.residents.api.ImportApi.ImportError;
import org.lifeline.residents.api.ImportApi.ImportJob;
import org.lifeline.platform.api.PageView;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Register imports as jobs (导入任务): the upload is checked (format, header) and answered at once;
 * the rows are imported by one background thread per replica, one job at a time, so an import never
 * competes with itself for the database. Progress, counters and row errors are in the database.
 */
@ApplicationScoped
public class RegisterImports {

    private static final Logger LOG = Logger.getLogger(RegisterImports.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper mapper;

    @Inject
    org.lifeline.residents.repository.HouseholdEventsRepository householdEvents;

    @ConfigProperty(name = "residents.import.dir")
    Path directory;

    @ConfigProperty(name = "residents.import.max-queued", defaultValue = "8")
    int maxQueued;

    @ConfigProperty(name = "residents.import.xlsx.max-uncompressed-bytes", defaultValue = "1G")
    io.quarkus.runtime.configuration.MemorySize xlsxMaxUncompressed;

    @ConfigProperty(name = "residents.import.xlsx.max-shared-strings", defaultValue = "5000000")
    long xlsxMaxSharedStrings;

    @ConfigProperty(name = "residents.import.xlsx.max-shared-string-bytes", defaultValue = "256M")
    io.quarkus.runtime.configuration.MemorySize xlsxMaxSharedStringBytes;

    @ConfigProperty(name = "residents.import.xlsx.max-entries", defaultValue = "1000")
    int xlsxMaxEntries;

    private final String runner = runnerName();
    private ExecutorService executor;

    void start(@Observes StartupEvent event) throws IOException, SQLException {
        Files.createDirectories(directory);
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "register-import");
            t.setDaemon(true);
            return t;
        });
        // jobs this replica held when it stopped: their files and transactions are gone
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE import_job SET status = 'failed', finished_at = now(), failure = ? "
                        + "WHERE runner = ? AND status IN ('queued', 'running')")) {
            s.setString(1, "The service restarted before the import finished; no household or person of it was "
                    + "saved. Import the file again (importing the same file twice is safe).");
            s.setString(2, runner);
            int n = s.executeUpdate();
            if (n > 0) {
                LOG.warnf("%d unfinished import job(s) of %s marked failed after a restart", n, runner);
            }
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Checks the uploaded file and queues its import.
     *
     * @param upload the uploaded file; moved away, so it outlives the request
     */
    public ImportJob submit(Caller caller, String requestId, Path upload, String fileName, String charsetName) {
        String name = fileName == null || fileName.isBlank() ? "register" : Path.of(fileName).getFileName().toString();
        if (name.length() > 255) {
            name = name.substring(name.length() - 255);
        }
        Charset charset = charset(charsetName);
        List<String> paths = areaPaths(caller);
        if (paths.isEmpty()) {
            throw ProblemException.forbidden(Message.of("You have no area to import into.", "您没有可导入的负责区域。"));
        }
        UUID id = UUID.randomUUID();
        Path file = directory.resolve(id + ".upload");
        RegisterFile.Format format;
        try {
            format = format(name, upload);
            Files.move(upload, file, StandardCopyOption.REPLACE_EXISTING);
            if (format == RegisterFile.Format.XLSX) {
                xlsxLimits().check(file);
            }
            Charset detected;
            long expected;
            try (RegisterFile register = RegisterFile.open(file, format, charset)) {
                detected = register.charset();
                expected = register.rowsExpected();
            }
            insert(id, caller, requestId, name, format, detected, Files.size(file), expected, paths);
        } catch (RegisterFile.MissingColumns e) {
            delete(file);
            StringBuilder en = new StringBuilder();
            StringBuilder zh = new StringBuilder();
            for (RegisterColumn column : e.missing) {
                en.append(en.length() == 0 ? "" : ", ").append(column.field());
                zh.append(zh.length() == 0 ? "" : "、").append(column.headers.get(1));
            }
            throw ProblemException.invalidField("file", Message.of("has no column " + en
                    + " in its first row (see the register layout in the residents API documentation)",
                    "首行缺少列：" + zh + "（列格式见居民服务接口文档）"));
        } catch (XlsxLimits.Exceeded e) {
            delete(file);
            LOG.warnf("import refused: %s (%s by %s)", e.getMessage(), name, caller.username());
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, Message.of("The file " + e.message.en() + ".",
                    e.message.zh() + "。"),
                    List.of(new ProblemException.FieldErrorMessage("file", e.message)));
        } catch (RegisterFile.Unreadable | IOException e) {
            delete(file);
            throw ProblemException.invalidField("file", Message.of("cannot be read: " + e.getMessage(),
                    "无法读取：" + e.getMessage()));
        } catch (SQLException e) {
            delete(file);
            throw new IllegalStateException(e);
        }
        ImportRunner.Job job = new ImportRunner.Job(id, file, format, charset, caller.username(), paths);
        executor.submit(() -> run(job));
        return get(caller, id);
    }

    /** The caps on an .xlsx upload ({@code residents.import.xlsx.*}). */
    XlsxLimits xlsxLimits() {
        return new XlsxLimits(xlsxMaxUncompressed.asLongValue(), xlsxMaxSharedStrings,
                xlsxMaxSharedStringBytes.asLongValue(), xlsxMaxEntries);
    }

    private static Charset charset(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return Charset.forName(name.strip());
        } catch (RuntimeException e) {
            throw ProblemException.invalidField("charset", Message.of("is not a known character set (try UTF-8 or GB18030)",
                    "不是可识别的字符集（可用 UTF-8 或 GB18030）"));
        }
    }

    private static RegisterFile.Format format(String name, Path upload) throws IOException {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".xls") || lower.endsWith(".et") || lower.endsWith(".numbers")) {
            throw ProblemException.invalidField("file", Message.of(
                    "is an old or foreign spreadsheet format: save it as .xlsx or .csv (UTF-8) and upload again",
                    "是旧版或其他表格格式：请另存为 .xlsx 或 .csv（UTF-8）后重新上传"));
        }
        RegisterFile.Format sniffed = RegisterFile.sniff(upload);
        if (lower.endsWith(".xlsx") && sniffed != RegisterFile.Format.XLSX) {
            throw ProblemException.invalidField("file", Message.of("is named .xlsx but is not an .xlsx workbook",
                    "文件名为 .xlsx，但内容不是 .xlsx 工作簿"));
        }
        return sniffed;
    }

    private void insert(UUID id, Caller caller, String requestId, String name, RegisterFile.Format format,
            Charset charset, long bytes, long expected, List<String> paths) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT count(*) FROM import_job WHERE runner = ? AND status = 'queued'")) {
                q.setString(1, runner);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= maxQueued) {
                        throw new ProblemException(ProblemType.UPSTREAM_UNAVAILABLE, Message.of(
                                "Too many imports are waiting; try again in a few minutes.",
                                "等待中的导入任务过多，请几分钟后重试。"));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO import_job (id, file_name, format, charset, "
                    + "status, created_by, created_by_name, areas, bytes_total, rows_expected, request_id, runner) "
                    + "VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)")) {
                s.setObject(1, id);
                s.setString(2, name);
                s.setString(3, format.code());
                s.setString(4, charset == null ? null : charset.name());
                s.setString(5, caller.subject());
                s.setString(6, caller.username());
                s.setString(7, String.join(",", caller.areas()));
                s.setLong(8, bytes);
                if (expected > 1) {
                    s.setLong(9, expected - 1);
                } else {
                    s.setNull(9, java.sql.Types.BIGINT);
                }
                s.setString(10, requestId);
                s.setString(11, runner);
                s.executeUpdate();
            }
        }
    }

    private void run(ImportRunner.Job job) {
        long started = System.nanoTime();
        try (Connection main = dataSource.getConnection(); Connection side = dataSource.getConnection();
                Connection places = dataSource.getConnection()) {
            side.setAutoCommit(true);
            update(side, "UPDATE import_job SET status = 'running', started_at = now() WHERE id = ?", job.id());
            try {
                ImportRunner.Counts counts = new ImportRunner(mapper, householdEvents).run(job, main, side, places);
                update(side, "UPDATE import_job SET status = 'done', phase = NULL, percent = 100, finished_at = now(), "
                        + "rows_read = ?, rows_accepted = ?, rows_rejected = ?, persons_created = ?, persons_updated = ?, "
                        + "households_created = ?, places_created = ? WHERE id = ?", counts.read, counts.accepted,
                        counts.rejected, counts.personsCreated, counts.personsUpdated, counts.householdsCreated,
                        counts.placesCreated, job.id());
                // fresh statistics after a bulk change, so the next queries are planned for the new sizes
                if (counts.personsCreated + counts.personsUpdated > 10_000) {
                    try (java.sql.Statement s = side.createStatement()) {
                        s.execute("ANALYZE household, person, person_flag");
                    }
                }
                LOG.infof("import %s done in %d ms: %d rows read, %d accepted, %d rejected, %d persons created, "
                        + "%d updated (%s)", job.id(), (System.nanoTime() - started) / 1_000_000, counts.read, counts.accepted,
                        counts.rejected, counts.personsCreated, counts.personsUpdated, counts.timings);
            } catch (RegisterFile.Unreadable e) {
                fail(side, job, e.getMessage(), null);
            } catch (Exception e) {
                fail(side, job, "The import failed and saved no household or person; the error was logged with "
                        + "job id " + job.id() + ".", e);
            }
        } catch (SQLException e) {
            LOG.errorf(e, "import %s: no database connection", job.id());
        } finally {
            delete(job.file());
        }
    }

    private void fail(Connection side, ImportRunner.Job job, String message, Exception cause) {
        if (cause != null) {
            LOG.errorf(cause, "import %s failed", job.id());
        } else {
            LOG.warnf("import %s failed: %s", job.id(), message);
        }
        try {
            update(side, "UPDATE import_job SET status = 'failed', phase = NULL, finished_at = now(), failure = ? "
                    + "WHERE id = ?", message.length() > 1000 ? message.substring(0, 1000) : message, job.id());
        } catch (SQLException e) {
            LOG.errorf(e, "import %s: could not record the failure", job.id());
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

    /** The jobs' path prefixes of the caller's areas (their subtrees). */
    public List<String> areaPaths(Caller caller) {
        List<String> paths = new ArrayList<>();
        if (caller.areas().isEmpty()) {
            return paths;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT path FROM place WHERE code = ANY (?)")) {
            s.setArray(1, c.createArrayOf("varchar", caller.areas().toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    paths.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return paths;
    }

    private static final String JOB_COLUMNS = "id, file_name, format, charset, status, phase, percent, bytes_total, "
            + "rows_expected, rows_read, rows_accepted, rows_rejected, persons_created, persons_updated, "
            + "households_created, places_created, failure, created_by_name, created_at, started_at, finished_at";

    /** A job of the caller (jobs are private to whoever started them: 404 for anyone else). */
    public ImportJob get(Caller caller, UUID id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT " + JOB_COLUMNS + " FROM import_job WHERE id = ? AND created_by = ?")) {
            s.setObject(1, id);
            s.setString(2, caller.subject());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound("Import", id);
                }
                return job(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The caller's jobs, newest first. */
    public PageView<ImportJob> list(Caller caller, int page, int size) {
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM import_job WHERE created_by = ?")) {
                s.setString(1, caller.subject());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<ImportJob> items = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM import_job "
                    + "WHERE created_by = ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?")) {
                s.setString(1, caller.subject());
                s.setInt(2, size);
                s.setLong(3, (long) page * size);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        items.add(job(rs));
                    }
                }
            }
            return PageView.of(items, page, size, total);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A page of a job's row errors, by line. */
    public PageView<ImportError> errors(Caller caller, UUID id, int page, int size, org.lifeline.platform.problem.Lang lang) {
        ImportJob job = get(caller, id);
        List<ImportError> items = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT line, field, code, message_en, message_zh FROM import_error WHERE job_id = ? "
                        + "ORDER BY line, field LIMIT ? OFFSET ?")) {
            s.setObject(1, id);
            s.setInt(2, size);
            s.setLong(3, (long) page * size);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    items.add(error(rs, lang));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return PageView.of(items, page, size, job.rowsRejected());
    }

    /** Every row error of a job, by line, to a consumer (for the CSV report). */
    public void eachError(Caller caller, UUID id, org.lifeline.platform.problem.Lang lang, ErrorSink sink) throws IOException {
        get(caller, id);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("SELECT line, field, code, message_en, message_zh "
                    + "FROM import_error WHERE job_id = ? ORDER BY line, field")) {
                s.setFetchSize(1000);
                s.setObject(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(error(rs, lang));
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Receives error rows; may write to a response. */
    public interface ErrorSink {
        void accept(ImportError error) throws IOException;
    }

    private static ImportError error(ResultSet rs, org.lifeline.platform.problem.Lang lang) throws SQLException {
        return new ImportError(rs.getLong(1), rs.getString(2), rs.getString(3),
                Message.of(rs.getString(4), rs.getString(5)).in(lang));
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

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", file, e.getMessage());
        }
    }

    private static String runnerName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "localhost";
            }
        }
        return host;
    }
}
