package org.lifeline.residents.api;

import java.time.OffsetDateTime;
import java.util.UUID;

/** What the import endpoints answer. */
public final class ImportApi {

    private ImportApi() {
    }

    /**
     * An import job. {@code status}: queued, running, done, failed; {@code phase} while running:
     * reading, merging, events. {@code percent} is 100 when done. {@code rowsExpected} is known for
     * .xlsx files (from the workbook) and null for CSV; {@code failure} says why a failed job failed.
     */
    public record ImportJob(UUID id, String fileName, String format, String charset, String status, String phase,
            int percent, long bytes, Long rowsExpected, long rowsRead, long rowsAccepted, long rowsRejected,
            long personsCreated, long personsUpdated, long householdsCreated, long placesCreated, String failure,
            String createdBy, OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime finishedAt,
            Links links) {

        /** Where to poll, and where the row errors are (JSON pages, or one CSV file). */
        public record Links(String self, String errors, String errorReport) {
        }
    }

    /** A refused row: its line in the file, the column, a stable code and a message. */
    public record ImportError(long line, String field, String code, String message) {
    }
}
