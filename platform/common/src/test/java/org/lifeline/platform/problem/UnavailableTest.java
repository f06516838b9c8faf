package org.lifeline.platform.problem;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures mean "a server this service needs is not there now" (503), and which do not (500). */
class UnavailableTest {

    @Test
    void shouldTreatARefusedOrLostDatabaseConnectionAsUnavailable() {
        assertTrue(ProblemMappers.unavailable(new CompletionException(new ConnectException("Connection refused"))));
        assertTrue(ProblemMappers.unavailable(new IllegalStateException(new SQLException("refused", "08001"))));
        assertTrue(ProblemMappers.unavailable(new SQLException("terminating connection due to administrator command", "57P01")));
    }

    @Test
    void shouldNotTreatBugsOrBadDataAsUnavailable() {
        assertFalse(ProblemMappers.unavailable(new NullPointerException()));
        assertFalse(ProblemMappers.unavailable(new IllegalStateException(new SQLException("duplicate key", "23505"))));
        assertFalse(ProblemMappers.unavailable(new SQLException("syntax error", "42601")));
    }
}
