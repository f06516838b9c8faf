package org.lifeline.residents.repository;

import org.lifeline.platform.problem.Message;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** Row errors of a job, written in batches on the side connection as the file is read. */
final class ImportErrors implements AutoCloseable {

    private static final int BATCH = 1000;

    private final PreparedStatement insert;
    private final UUID job;
    private int pending;

    ImportErrors(Connection side, UUID job) throws SQLException {
        this.job = job;
        this.insert = side.prepareStatement("INSERT INTO import_error (job_id, line, field, code, message_en, message_zh) "
                + "VALUES (?, ?, ?, ?, ?, ?)");
    }

    void add(long line, String field, String code, Message message) throws SQLException {
        insert.setObject(1, job);
        insert.setLong(2, line);
        insert.setString(3, field);
        insert.setString(4, code);
        insert.setString(5, truncate(message.en()));
        insert.setString(6, truncate(message.zh()));
        insert.addBatch();
        if (++pending >= BATCH) {
            flush();
        }
    }

    void flush() throws SQLException {
        if (pending > 0) {
            insert.executeBatch();
            pending = 0;
        }
    }

    private static String truncate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 497) + "...";
    }

    @Override
    public void close() throws SQLException {
        try {
            flush();
        } finally {
            insert.close();
        }
    }
}
