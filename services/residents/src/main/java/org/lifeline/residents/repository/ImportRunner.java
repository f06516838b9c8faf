package org.lifeline.residents.repository;

import org.lifeline.platform.security.AreaPaths;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;
import org.lifeline.residents.event.HouseholdChanged;
import org.lifeline.residents.mapping.RegisterColumn;
import org.lifeline.residents.mapping.RegisterFile;
import org.lifeline.residents.mapping.RegisterRow;
import org.lifeline.residents.model.VulnerableFlag;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Runs one import job over two connections. The main connection holds one transaction: every valid
 * row is copied (PostgreSQL COPY) into a temporary table, then merged into households and persons
 * with a few set-based statements, and the household events are written to the outbox, so the
 * valid rows and their events commit together or not at all. The side connection, in autocommit,
 * writes progress, row errors and the places the file needs (see {@link RegisterPlaces}).
 *
 * <p>Re-importing a file changes nothing: a person is identified by ID number, and a row whose
 * values equal what is registered updates nothing and emits no event.
 */
public final class ImportRunner {

    private static final Logger LOG = Logger.getLogger(ImportRunner.class);
    private static final long PROGRESS_EVERY_NANOS = 250_000_000L;
    private static final int COPY_BUFFER = 1 << 16;

    /** What the job does, and for whom. */
    public record Job(UUID id, java.nio.file.Path file, RegisterFile.Format format, java.nio.charset.Charset charset,
            String actor, List<String> areaPaths) {
    }

    /** The job's counters. */
    public static final class Counts {
        public long read;
        public long accepted;
        public long rejected;
        public long personsCreated;
        public long personsUpdated;
        public long householdsCreated;
        public long placesCreated;
        /** How long each phase took, for the log. */
        public final StringBuilder timings = new StringBuilder();
        private long mark = System.nanoTime();

        void lap(String phase) {
            long now = System.nanoTime();
            timings.append(timings.length() == 0 ? "" : ", ").append(phase).append(' ')
                    .append((now - mark) / 1_000_000).append(" ms");
            mark = now;
        }
    }

    private final ObjectMapper mapper;

    private final HouseholdEventsRepository householdEvents;

    public ImportRunner(ObjectMapper mapper, HouseholdEventsRepository householdEvents) {
        this.mapper = mapper;
        this.householdEvents = householdEvents;
    }

    /**
     * @param main the rows' transaction
     * @param side autocommit: progress and row errors, visible while the job runs
     * @param placeConnection the places the file needs, committed once when the file is read
     */
    public Counts run(Job job, Connection main, Connection side, Connection placeConnection) throws Exception {
        Counts counts = new Counts();
        side.setAutoCommit(true);
        main.setAutoCommit(false);
        placeConnection.setAutoCommit(false);
        try (RegisterFile file = RegisterFile.open(job.file(), job.format(), job.charset());
                ImportErrors errors = new ImportErrors(side, job.id())) {
            progress(side, job.id(), "reading", 0, counts, file.rowsExpected());
            try (Statement s = main.createStatement()) {
                s.execute("CREATE TEMP TABLE import_row (line bigint NOT NULL, unit_code text NOT NULL, "
                        + "unit_path text NOT NULL, room text NOT NULL, name text NOT NULL, id_number text NOT NULL, "
                        + "phone text, birth_date date NOT NULL, relation text, flags text) ON COMMIT DROP");
            }
            RegisterPlaces places = new RegisterPlaces(placeConnection, mapper, job.areaPaths());
            CopyIn copy = main.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY import_row FROM STDIN");
            StringBuilder rows = new StringBuilder(COPY_BUFFER + 1024);
            long lastProgress = System.nanoTime();
            try {
                while (file.next()) {
                    counts.read++;
                    RegisterRow row = RegisterRow.of(file);
                    if (row.error != null) {
                        errors.add(file.line(), row.error.field(), row.error.code(), row.error.message());
                        counts.rejected++;
                    } else {
                        try {
                            RegisterPlaces.Unit unit = places.unit(row);
                            appendCopyRow(rows, file.line(), unit, row);
                            counts.accepted++;
                        } catch (RegisterPlaces.PlaceRefused refused) {
                            errors.add(file.line(), RegisterColumn.COMMUNITY.field(), refused.code, refused.message);
                            counts.rejected++;
                        }
                    }
                    if (rows.length() >= COPY_BUFFER) {
                        write(copy, rows);
                    }
                    if (System.nanoTime() - lastProgress > PROGRESS_EVERY_NANOS) {
                        lastProgress = System.nanoTime();
                        counts.placesCreated = places.created();
                        progress(side, job.id(), "reading", (int) Math.min(89, file.progress() * 90), counts,
                                file.rowsExpected());
                    }
                }
                write(copy, rows);
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
            places.commit();
            counts.placesCreated = places.created();
            counts.lap("read+copy (places " + places.millis() + " ms)");
            progress(side, job.id(), "merging", 90, counts, file.rowsExpected());
            errors.flush();
            merge(job, main, counts);
            progress(side, job.id(), "events", 95, counts, file.rowsExpected());
            writeEvents(main, job);
            counts.lap("events");
            main.commit();
            counts.lap("commit");
            return counts;
        } catch (Exception e) {
            main.rollback();
            placeConnection.rollback();
            throw e;
        }
    }

    private static void write(CopyIn copy, StringBuilder rows) throws SQLException {
        if (rows.length() > 0) {
            byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            rows.setLength(0);
        }
    }

    /** One line of COPY text format: tab-separated, \N for null, backslash escapes. */
    private static void appendCopyRow(StringBuilder out, long line, RegisterPlaces.Unit unit, RegisterRow row) {
        out.append(line).append('\t');
        field(out, unit.code());
        field(out, unit.path());
        field(out, row.room);
        field(out, row.name);
        field(out, row.idNumber);
        field(out, row.phone);
        field(out, row.birthDate.toString());
        field(out, row.relation == null ? null : row.relation.code());
        if (row.flags == null) {
            out.append("\\N");
        } else {
            StringBuilder flags = new StringBuilder();
            for (VulnerableFlag f : row.flags) {
                flags.append(flags.length() == 0 ? "" : ";").append(f.code());
            }
            escape(out, flags.toString());
        }
        out.append('\n');
    }

    private static void field(StringBuilder out, String value) {
        if (value == null) {
            out.append("\\N");
        } else {
            escape(out, value);
        }
        out.append('\t');
    }

    private static void escape(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }

    /**
     * Set-based merge of the staged rows; fills the counters. Every statement reads staging tables and
     * writes one real table, never reading the table it writes (an anti-join against a table being
     * filled can turn quadratic when its statistics say it is empty).
     */
    private void merge(Job job, Connection c, Counts counts) throws SQLException {
        String within = AreaPaths.sqlWithin("h.place_path", job.areaPaths());
        try (Statement s = c.createStatement()) {
            // the joins and sorts of a large file fit in memory instead of spilling to disk
            s.execute("SET LOCAL work_mem = '256MB'");
            s.execute("CREATE INDEX ON import_row (id_number)");
            s.execute("ANALYZE import_row");
            s.execute("CREATE TEMP TABLE import_changed (household_id uuid PRIMARY KEY, change text NOT NULL) "
                    + "ON COMMIT DROP");
        }
        counts.lap("index");
        // the same person twice in the file: the first row counts, the others are reported
        counts.rejected += rejectRows(c, job.id(),
                "SELECT r.line, 'idNumber', 'duplicate-in-file', 'also on line ' || d.first, '与第 ' || d.first || ' 行重复' "
                        + "FROM import_row r JOIN (SELECT id_number, min(line) AS first FROM import_row GROUP BY id_number "
                        + "HAVING count(*) > 1) d ON d.id_number = r.id_number WHERE r.line <> d.first");
        // a person registered in a household outside the importer's areas is not moved by this file
        counts.rejected += rejectRows(c, job.id(),
                "SELECT r.line, 'idNumber', 'registered-outside-your-area', "
                        + "'is registered in a household outside your areas; ask that community to move the person', "
                        + "'该人员已登记在您负责范围以外的住户，请联系其所在社区办理迁移' "
                        + "FROM import_row r JOIN person p ON p.id_number = r.id_number AND p.verified "
                        + "JOIN household h ON h.id = p.household_id WHERE NOT " + within);
        counts.accepted = count(c, "SELECT count(*) FROM import_row");
        counts.lap("checks");
        // rows are written in address order (households) and file order (persons), so that one
        // community's households share pages: a community's list then reads a hundred pages, not thousands
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE import_household ON COMMIT DROP AS SELECT unit_code, room, "
                    + "min(unit_path) AS unit_path, NULL::uuid AS id FROM import_row GROUP BY unit_code, room");
            s.execute("ANALYZE import_household");
            counts.lap("households grouped");
            counts.householdsCreated = s.executeUpdate("WITH created AS (INSERT INTO household (id, code, unit_code, "
                    + "room, place_path, status_source) SELECT gen_random_uuid(), unit_code || '-' || room, unit_code, "
                    + "room, unit_path, 'import' FROM import_household ORDER BY unit_path, room "
                    + "ON CONFLICT DO NOTHING RETURNING id) "
                    + "INSERT INTO import_changed SELECT id, 'registered' FROM created");
            counts.lap("households inserted");
            s.executeUpdate("UPDATE import_household ih SET id = h.id FROM household h "
                    + "WHERE h.unit_code = ih.unit_code AND h.room = ih.room");
        }
        // a room whose household code is taken by another address (unit "A-1" room "2-0101" vs unit "A-1-2" room "0101")
        long conflicts = rejectRows(c, job.id(), "SELECT r.line, 'room', 'address-conflict', "
                + "'gives the household code ' || r.unit_code || '-' || r.room || ', already used by another address', "
                + "'生成的住户编码 ' || r.unit_code || '-' || r.room || ' 已被其他地址使用' FROM import_row r "
                + "JOIN import_household ih ON ih.unit_code = r.unit_code AND ih.room = r.room WHERE ih.id IS NULL");
        counts.rejected += conflicts;
        counts.accepted -= conflicts;
        counts.lap("households");
        try (Statement s = c.createStatement()) {
            // each row with its household and, if registered, the person as registered now
            s.execute("CREATE TEMP TABLE import_person ON COMMIT DROP AS SELECT r.line, r.name, r.id_number, r.phone, "
                    + "r.birth_date, r.relation, r.flags, ih.id AS household_id, coalesce(p.id, gen_random_uuid()) "
                    + "AS person_id, p.id IS NULL AS is_new, p.household_id AS old_household_id, p.name AS old_name, "
                    + "p.phone AS old_phone, p.relation AS old_relation FROM import_row r JOIN import_household ih "
                    + "ON ih.unit_code = r.unit_code AND ih.room = r.room LEFT JOIN person p ON p.id_number = r.id_number AND p.verified");
            s.execute("ANALYZE import_person");
            counts.lap("rows to persons");
            s.executeUpdate("INSERT INTO import_changed SELECT DISTINCT old_household_id, 'person-removed' "
                    + "FROM import_person WHERE NOT is_new AND old_household_id <> household_id ON CONFLICT DO NOTHING");
        }
        counts.personsUpdated = count(c, "WITH changed AS (UPDATE person p SET household_id = ip.household_id, "
                + "name = ip.name, phone = coalesce(ip.phone, p.phone), relation = coalesce(ip.relation, p.relation), "
                + "version = p.version + 1, updated_at = now() FROM import_person ip WHERE NOT ip.is_new "
                + "AND p.id = ip.person_id AND (ip.old_household_id, ip.old_name, ip.old_phone, ip.old_relation) "
                + "IS DISTINCT FROM (ip.household_id, ip.name, coalesce(ip.phone, ip.old_phone), "
                + "coalesce(ip.relation, ip.old_relation)) RETURNING p.household_id), "
                + "marked AS (INSERT INTO import_changed SELECT DISTINCT household_id, 'person-updated' FROM changed "
                + "ON CONFLICT DO NOTHING) SELECT count(*) FROM changed");
        counts.lap("persons updated");
        // created_at orders a household's persons; one microsecond per line keeps the file's order
        counts.personsCreated = count(c, "WITH created AS (INSERT INTO person (id, household_id, name, "
                + "id_number, phone, birth_date, relation, created_at) SELECT person_id, household_id, name, id_number, "
                + "phone, birth_date, coalesce(relation, 'other'), now() + line * interval '1 microsecond' "
                + "FROM import_person WHERE is_new ORDER BY line "
                + "ON CONFLICT (id_number) WHERE verified DO NOTHING RETURNING household_id), "
                + "marked AS (INSERT INTO import_changed SELECT DISTINCT household_id, 'person-added' FROM created "
                + "ON CONFLICT (household_id) DO UPDATE SET change = CASE WHEN import_changed.change = 'registered' "
                + "THEN 'registered' ELSE 'person-added' END) SELECT count(*) FROM created");
        counts.lap("persons created");
        try (Statement s = c.createStatement()) {
            // flags: a row with a flags cell sets exactly those flags
            s.executeUpdate("CREATE TEMP TABLE import_flag ON COMMIT DROP AS SELECT ip.person_id, ip.household_id, "
                    + "ip.is_new, f.flag FROM import_person ip CROSS JOIN LATERAL unnest(string_to_array(ip.flags, ';')) "
                    + "AS f(flag) WHERE ip.flags IS NOT NULL");
            s.executeUpdate("WITH removed AS (DELETE FROM person_flag pf USING import_person ip "
                    + "WHERE ip.flags IS NOT NULL AND NOT ip.is_new AND pf.person_id = ip.person_id "
                    + "AND NOT EXISTS (SELECT 1 FROM import_flag w WHERE w.person_id = pf.person_id AND w.flag = pf.flag) "
                    + "RETURNING ip.household_id), "
                    + "added AS (INSERT INTO person_flag (person_id, flag) SELECT person_id, flag FROM import_flag "
                    + "ON CONFLICT DO NOTHING RETURNING person_id) "
                    + "INSERT INTO import_changed SELECT household_id, 'person-updated' FROM removed "
                    + "UNION SELECT w.household_id, 'person-updated' FROM added JOIN import_flag w "
                    + "ON w.person_id = added.person_id ON CONFLICT DO NOTHING");
            counts.lap("flags");
            s.executeUpdate("UPDATE household h SET version = h.version + 1, updated_at = now() FROM import_changed c "
                    + "WHERE c.household_id = h.id AND c.change <> 'registered'");
        }
        counts.lap("versions");
    }

    /** Moves the rows the query selects (line, field, code, en, zh) from the staging table to the errors. */
    private static long rejectRows(Connection c, UUID job, String select) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("WITH bad AS (" + select + "), "
                + "gone AS (DELETE FROM import_row r USING bad WHERE r.line = bad.line RETURNING r.line) "
                + "INSERT INTO import_error (job_id, line, field, code, message_en, message_zh) "
                + "SELECT ?, bad.* FROM bad")) {
            s.setObject(1, job);
            return s.executeUpdate();
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** One {@code HouseholdChanged} per changed household, its whole state, into the outbox. */
    private void writeEvents(Connection c, Job job) throws Exception {
        householdEvents.write(c, "import_changed");
    }

    static void progress(Connection side, UUID job, String phase, int percent, Counts counts, long rowsExpected)
            throws SQLException {
        try (PreparedStatement s = side.prepareStatement("UPDATE import_job SET phase = ?, percent = ?, rows_read = ?, "
                + "rows_accepted = ?, rows_rejected = ?, places_created = ?, rows_expected = ? WHERE id = ?")) {
            s.setString(1, phase);
            s.setInt(2, percent);
            s.setLong(3, counts.read);
            s.setLong(4, counts.accepted);
            s.setLong(5, counts.rejected);
            s.setLong(6, counts.placesCreated);
            if (rowsExpected > 0) {
                s.setLong(7, rowsExpected - 1);
            } else {
                s.setNull(7, java.sql.Types.BIGINT);
            }
            s.setObject(8, job);
            s.executeUpdate();
        }
    }

    static Timestamp now() {
        return Timestamp.from(java.time.Instant.now());
    }
}
