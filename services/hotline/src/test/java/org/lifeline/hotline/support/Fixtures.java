package org.lifeline.hotline.support;

import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.lifeline.servers.ResidentsEventsProducer;
import org.lifeline.servers.Tokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * Households in the hotline's read model, published as residents does (the platform's one test producer). Each test
 * takes a fresh household, so tickets left open by earlier runs on the same database never meet it. A household in
 * community 610113001001 with code {@link #RESIDENT1_CODE} is resident1's (the demo token names it by code; the
 * newest one in the read model wins).
 */
public final class Fixtures {

    public static final String COMMUNITY1 = "610113001001";
    public static final String COMMUNITY2 = "610113001002";
    public static final String RESIDENT1_CODE = "610113001001-01-01-1-0101";
    public static final String RESIDENT2_CODE = "610113001002-01-01-1-0101";

    private Fixtures() {
    }

    /** A new household in the community (room {@code room}, or resident1's / resident2's when 0101), known to the hotline. */
    public static UUID household(String bootstrap, AgroalDataSource dataSource, String community, String room) throws Exception {
        UUID id = UUID.randomUUID();
        String compound = community + "-01";
        String building = compound + "-01";
        String unit = building + "-1";
        String base = "/6101/610113/610113001/" + community + "/";
        try (ResidentsEventsProducer events = new ResidentsEventsProducer(bootstrap)) {
            events.baseHierarchy();
            events.place(compound, "小区", "compound", community, base + compound + "/");
            events.place(building, "1号楼", "building", compound, base + compound + "/" + building + "/");
            events.place(unit, "1单元", "unit", building, base + compound + "/" + building + "/" + unit + "/");
            events.household(UUID.randomUUID(), id, unit, room, base + compound + "/" + building + "/" + unit + "/",
                    "normal", 1, OffsetDateTime.now(ZoneOffset.UTC), List.of(ResidentsEventsProducer.member(UUID.randomUUID(),
                            "王芳", "1980-05-01", "householder")));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                count(dataSource, "SELECT count(*) FROM household_rm WHERE id = ?", id) == 1
                        && count(dataSource, "SELECT count(*) FROM place_rm WHERE code = ?", community) == 1);
        return id;
    }

    public static long count(AgroalDataSource dataSource, String sql, Object... args) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON);
    }

    public static Map<String, Object> contact(UUID household, String category, String urgency, String channel, String text) {
        return Map.of("householdId", household.toString(), "category", category, "urgency", urgency, "channel", channel,
                "text", text, "callerPhone", "13912345678");
    }
}
