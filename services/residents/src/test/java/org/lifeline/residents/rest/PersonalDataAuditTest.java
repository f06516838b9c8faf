package org.lifeline.residents.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.residents.support.Fixture;
import org.lifeline.servers.LifelineServersResource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.lifeline.residents.support.Fixture.as;

/** Unmasked personal data: who may see it, that each read is audited, and that the audit cannot be changed. */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "residents"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class PersonalDataAuditTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    static String unit;

    @BeforeEach
    void places() {
        if (unit != null) {
            return;
        }
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        Fixture.baseHierarchy();
        unit = Fixture.freshUnit(Fixture.COMMUNITY_1);
    }

    private static String personIn(UUID household) {
        return as("staff1").get("/api/residents/households/" + household).then().statusCode(200)
                .extract().path("persons[0].id");
    }

    @Test
    void shouldRevealOnlyWithPurposeAndAuditEachRead() {
        String idNumber = Fixture.idNumber(LocalDate.of(1960, 10, 1));
        UUID household = Fixture.household("staff1", unit, "0101", List.of(Map.of("name", "黄林", "idNumber", idNumber,
                "phone", "13987654321", "relation", "householder", "flags", List.of("dialysis"))));
        String person = personIn(household);

        as("staff1").queryParam("reveal", "idNumber").get("/api/residents/persons/" + person)
                .then().statusCode(400).body("errors[0].field", equalTo("purpose"));
        as("staff1").queryParam("reveal", "passport").queryParam("purpose", "x").get("/api/residents/persons/" + person)
                .then().statusCode(400).body("errors[0].field", equalTo("reveal"));
        as("admin1").queryParam("person", person).get("/api/residents/audit/personal-data")
                .then().statusCode(200).body("", hasSize(0));

        as("staff1").queryParam("reveal", "idNumber,phone").queryParam("purpose", "arrange dialysis transport")
                .get("/api/residents/persons/" + person)
                .then().statusCode(200)
                .body("idNumber", equalTo(idNumber))
                .body("phone", equalTo("13987654321"))
                .body("revealed", equalTo(List.of("idNumber", "phone")));

        as("admin1").queryParam("person", person).get("/api/residents/audit/personal-data")
                .then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].actorUsername", equalTo("staff1"))
                .body("[0].actorRoles", equalTo("community-staff"))
                .body("[0].fields", equalTo(List.of("idNumber", "phone")))
                .body("[0].purpose", equalTo("arrange dialysis transport"))
                .body("[0].householdId", equalTo(household.toString()));
        // a district officer sees the audit of households in their district
        as("district1").queryParam("person", person).get("/api/residents/audit/personal-data")
                .then().statusCode(200).body("", hasSize(1)).body("[0].actorUsername", equalTo("staff1"));
    }

    @Test
    void shouldNotLetPlatformAdminsReadUnmaskedPersonalData() {
        UUID household = Fixture.household("staff1", unit, "0401", List.of(
                Fixture.person("何静", LocalDate.of(1983, 3, 3), "householder")));
        String person = personIn(household);
        as("admin1").get("/api/residents/persons/" + person).then().statusCode(200).body("phone", equalTo("138****5678"));
        as("admin1").queryParam("reveal", "phone").queryParam("purpose", "curious")
                .get("/api/residents/persons/" + person)
                .then().statusCode(403);
    }

    @Test
    void shouldKeepDataMaskedForOversightRoles() {
        UUID household = Fixture.household("staff1", unit, "0201", List.of(
                Fixture.person("马军", LocalDate.of(1975, 7, 7), "householder")));
        String person = personIn(household);
        as("street1").get("/api/residents/persons/" + person)
                .then().statusCode(200).body("phone", equalTo("138****5678"));
        as("street1").queryParam("reveal", "phone").queryParam("purpose", "curious")
                .get("/api/residents/persons/" + person)
                .then().statusCode(403);
        as("staff2").queryParam("reveal", "phone").queryParam("purpose", "call")
                .get("/api/residents/persons/" + person)
                .then().statusCode(404);
        as("staff1").get("/api/residents/audit/personal-data").then().statusCode(403);
        as("admin1").queryParam("person", person).get("/api/residents/audit/personal-data")
                .then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void shouldRefuseToChangeOrDeleteAuditRowsEvenInTheDatabase() throws SQLException {
        UUID household = Fixture.household("staff1", unit, "0301", List.of(
                Fixture.person("冯雨", LocalDate.of(1982, 2, 2), "householder")));
        String person = personIn(household);
        as("staff1").queryParam("reveal", "phone").queryParam("purpose", "delivery call")
                .get("/api/residents/persons/" + person).then().statusCode(200);
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            SQLException update = assertThrows(SQLException.class, () -> c.createStatement()
                    .executeUpdate("UPDATE personal_data_access SET purpose = 'nothing' WHERE person_id = '" + person + "'"));
            assertEquals("P0001", update.getSQLState());
            assertThrows(SQLException.class, () -> c.createStatement()
                    .executeUpdate("DELETE FROM personal_data_access WHERE person_id = '" + person + "'"));
        }
        as("admin1").queryParam("person", person).get("/api/residents/audit/personal-data")
                .then().statusCode(200).body("[0].purpose", equalTo("delivery call"));
    }

    /**
     * A caller's X-Request-Id lands in the audit row only when it is one sane value of at most 64 characters;
     * anything else (two headers, quotes and SQL, control characters, 10k characters, 65 characters) is replaced
     * by a generated id, and the response says which id was used.
     */
    @Test
    void shouldWriteOnlyASaneRequestIdToTheAuditRow() throws SQLException {
        UUID household = Fixture.household("staff1", unit, "0501", List.of(
                Fixture.person("韩梅", LocalDate.of(1979, 4, 4), "householder")));
        String person = personIn(household);
        List<List<String>> malicious = List.of(
                List.of("req-1", "req-2"),
                List.of("x'); DELETE FROM personal_data_access; --"),
                List.of("a\tb"),
                List.of("r".repeat(10_000)),
                List.of("s".repeat(65)));
        for (List<String> values : malicious) {
            var request = as("staff1").queryParam("reveal", "phone").queryParam("purpose", "delivery call");
            for (String value : values) {
                request = request.header("X-Request-Id", value);
            }
            String used = request.get("/api/residents/persons/" + person).then().statusCode(200)
                    .extract().header("X-Request-Id");
            org.junit.jupiter.api.Assertions.assertTrue(used.matches("[0-9a-f-]{36}"), "a generated id, not " + used);
        }
        String fine = "gw-" + "x".repeat(61);
        as("staff1").header("X-Request-Id", fine).queryParam("reveal", "phone").queryParam("purpose", "delivery call")
                .get("/api/residents/persons/" + person).then().statusCode(200).header("X-Request-Id", fine);
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                var s = c.prepareStatement("SELECT request_id FROM personal_data_access WHERE person_id = ?::uuid")) {
            s.setString(1, person);
            var rows = s.executeQuery();
            int count = 0;
            while (rows.next()) {
                count++;
                String id = rows.getString(1);
                org.junit.jupiter.api.Assertions.assertTrue(id.equals(fine) || id.matches("[0-9a-f-]{36}"),
                        "only a sane id in the audit table, not " + id);
            }
            assertEquals(malicious.size() + 1, count);
        }
    }
}
