package org.lifeline.platform.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceLayoutTest {

    /** The sample service under test sources breaks five rules on purpose and keeps the others. */
    @Test
    void shouldReportEachBrokenRuleOfASampleThatBreaksThem() {
        List<String> violations = ServiceLayout.of("org.lifeline.layoutsample", location -> true).violations();
        String all = String.join("\n", violations);
        assertTrue(all.contains("classes live in") && all.contains("layoutsample.util.Helper"), all);
        assertTrue(all.contains("rest holds no SQL and no transaction"), all);
        assertTrue(all.contains("rest does not reach a repository"), all);
        assertTrue(all.contains("SQL runs only in repository") && all.contains("BadResource"), all);
        assertTrue(all.contains("nothing depends on rest") && all.contains("UsesRest"), all);
        String sql = violations.stream().filter(v -> v.startsWith("SQL runs only in repository")).findFirst().orElseThrow();
        assertTrue(!sql.contains("repository.Rows"), "a repository may run SQL: " + sql);
        assertEquals(5, violations.size(), all); // and no cycle: service -> rest -> repository
    }
}
