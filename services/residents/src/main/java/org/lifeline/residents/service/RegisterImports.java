package org.lifeline.residents.service;

import org.lifeline.residents.config.Texts;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.problem.ProblemType;
import org.lifeline.platform.security.Caller;
import org.lifeline.residents.api.ImportApi.ImportError;
import org.lifeline.residents.api.ImportApi.ImportJob;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.problem.Lang;
import org.lifeline.residents.mapping.RegisterColumn;
import org.lifeline.residents.mapping.RegisterFile;
import org.lifeline.residents.mapping.XlsxLimits;
import org.lifeline.residents.repository.HouseholdEventsRepository;
import org.lifeline.residents.repository.ImportJobRepository;
import org.lifeline.residents.repository.ImportRunner;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
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
    HouseholdEventsRepository householdEvents;

    @Inject
    ImportJobRepository jobs;

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
        try (Connection c = dataSource.getConnection()) {
            int n = jobs.failUnfinished(c, runner, "The service restarted before the import finished; no household or "
                    + "person of it was saved. Import the file again (importing the same file twice is safe).");
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
            throw ProblemException.forbidden(Texts.of("register-imports.you-have-no-area-import"));
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
            throw ProblemException.invalidField("file", Texts.of("register-imports.no-column", en, zh));
        } catch (XlsxLimits.Exceeded e) {
            delete(file);
            LOG.warnf("import refused: %s (%s by %s)", e.getMessage(), name, caller.username());
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, e.sentence,
                    List.of(new ProblemException.FieldErrorMessage("file", e.message)));
        } catch (RegisterFile.Unreadable | IOException e) {
            delete(file);
            throw ProblemException.invalidField("file", Texts.of("register-imports.cannot-read", e.getMessage()));
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
            throw ProblemException.invalidField("charset", Texts.of("register-imports.not-known-character-set-try"));
        }
    }

    private static RegisterFile.Format format(String name, Path upload) throws IOException {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".xls") || lower.endsWith(".et") || lower.endsWith(".numbers")) {
            throw ProblemException.invalidField("file", Texts.of("register-imports.old-foreign-spreadsheet-format-save"));
        }
        RegisterFile.Format sniffed = RegisterFile.sniff(upload);
        if (lower.endsWith(".xlsx") && sniffed != RegisterFile.Format.XLSX) {
            throw ProblemException.invalidField("file", Texts.of("register-imports.named-xlsx-but-not-xlsx"));
        }
        return sniffed;
    }

    private void insert(UUID id, Caller caller, String requestId, String name, RegisterFile.Format format,
            Charset charset, long bytes, long expected, List<String> paths) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (jobs.queued(c, runner) >= maxQueued) {
                throw new ProblemException(ProblemType.UPSTREAM_UNAVAILABLE, Texts.of("register-imports.too-many-imports-are-waiting"));
            }
            jobs.insert(c, new ImportJobRepository.NewJob(id, name, format, charset, caller.subject(), caller.username(),
                    String.join(",", caller.areas()), bytes, expected, requestId, runner));
        }
    }

    private void run(ImportRunner.Job job) {
        long started = System.nanoTime();
        try (Connection main = dataSource.getConnection(); Connection side = dataSource.getConnection();
                Connection places = dataSource.getConnection()) {
            side.setAutoCommit(true);
            jobs.running(side, job.id());
            try {
                ImportRunner.Counts counts = new ImportRunner(mapper, householdEvents).run(job, main, side, places);
                jobs.done(side, job.id(), counts);
                // after a bulk change: statistics for the new sizes, and index-only reads at once (not after autovacuum)
                if (counts.personsCreated + counts.personsUpdated > 10_000) {
                    jobs.vacuumAnalyze(side);
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
            jobs.failed(side, job.id(), message.length() > 1000 ? message.substring(0, 1000) : message);
        } catch (SQLException e) {
            LOG.errorf(e, "import %s: could not record the failure", job.id());
        }
    }

    /** The jobs' path prefixes of the caller's areas (their subtrees). */
    public List<String> areaPaths(Caller caller) {
        List<String> paths = new ArrayList<>();
        if (caller.areas().isEmpty()) {
            return paths;
        }
        try (Connection c = dataSource.getConnection()) {
            paths.addAll(jobs.paths(c, List.copyOf(caller.areas())));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return paths;
    }

    /** A job of the caller (jobs are private to whoever started them: 404 for anyone else). */
    public ImportJob get(Caller caller, UUID id) {
        try (Connection c = dataSource.getConnection()) {
            return jobs.find(c, id, caller.subject()).orElseThrow(() -> ProblemException.notFound("Import", id));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The caller's jobs, newest first. */
    public PageView<ImportJob> list(Caller caller, int page, int size) {
        try (Connection c = dataSource.getConnection()) {
            long total = jobs.count(c, caller.subject());
            return PageView.of(jobs.page(c, caller.subject(), page, size), page, size, total);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A page of a job's row errors, by line. */
    public PageView<ImportError> errors(Caller caller, UUID id, int page, int size, Lang lang) {
        ImportJob job = get(caller, id);
        try (Connection c = dataSource.getConnection()) {
            return PageView.of(jobs.errors(c, id, page, size, lang), page, size, job.rowsRejected());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row error of a job, by line, to a consumer (for the CSV report). */
    public void eachError(Caller caller, UUID id, Lang lang, ImportJobRepository.ErrorSink sink) throws IOException {
        get(caller, id);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                jobs.eachError(c, id, lang, sink);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
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
