package org.lifeline.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.lifeline.security.Fixtures.gw;
import static org.lifeline.security.Fixtures.token;

/**
 * Issue 18 item 2, as the review reproduced it, through the gateway: a resident cannot raise their household's
 * supply priority by declaring members. The two-year-old flagged pregnant, on dialysis and disabled is refused; a
 * plausible declared member counts in supplies only once staff verify it. Before the fix, the declared toddler was
 * stored and the household's priority rose at once.
 */
class DeclaredMembersIT {

    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    static final Random RANDOM = new Random();

    @Test
    void shouldNotLetAResidentRaiseTheirOwnSupplyPriorityByDeclaringMembers() {
        Fixtures fixtures = Fixtures.get();
        String household = fixtures.household1;
        String supplies = gw("/api/supplies/households/" + household);
        JsonNode before = Fixtures.awaitOk(supplies, "staff1");
        int persons = before.path("persons").asInt();
        int vulnerable = before.path("priority").path("vulnerableMembers").asInt();

        // the reported toddler: refused, nothing stored
        Http.Reply toddler = Http.send("POST", gw("/api/residents/households/" + household + "/persons"), token("resident1"),
                "application/json", Fixtures.json(member("小宝", idNumber(TODAY.minusYears(2), true), "child",
                        "pregnant", "dialysis", "disabled")), Map.of());
        Http.assertStatus(400, toddler);
        assertEquals("flags", toddler.json().path("errors").get(0).path("field").asText(), toddler.body());

        // a plausible member declared by the resident: pending, no flags that count
        Http.Reply declared = Http.json("POST", gw("/api/residents/households/" + household + "/persons"), token("resident1"),
                member("申报" + suffix(), idNumber(TODAY.minusYears(30), true), "spouse", "pregnant", "dialysis"));
        Http.assertStatus(201, declared);
        assertFalse(declared.json().path("verified").asBoolean(), declared.body());
        String declaredId = declared.json().path("id").asText();

        // staff add a member without flags: its event is the barrier (a household's events arrive in order)
        Http.Reply added = Http.json("POST", gw("/api/residents/households/" + household + "/persons"), token("staff1"),
                member("登记" + suffix(), idNumber(TODAY.minusYears(50), false), "other"));
        Http.assertStatus(201, added);
        JsonNode after = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(300))
                .until(() -> Http.get(supplies, token("staff1")).json(), h -> h.path("persons").asInt() == persons + 1);
        assertEquals(vulnerable, after.path("priority").path("vulnerableMembers").asInt(),
                "the declared member and its flags do not count before staff verify them: " + after);

        // staff verify the declared member with one of its flags: now it counts
        Http.Reply verified = Http.json("POST", gw("/api/residents/persons/" + declaredId + "/verify"), token("staff1"),
                Map.of("flags", List.of("dialysis")));
        Http.assertStatus(200, verified);
        JsonNode counted = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(300))
                .until(() -> Http.get(supplies, token("staff1")).json(), h -> h.path("persons").asInt() == persons + 2);
        assertEquals(vulnerable + 1, counted.path("priority").path("vulnerableMembers").asInt(), counted.toString());

        for (String id : List.of(declaredId, added.json().path("id").asText())) {
            Http.assertStatus(204, Http.send("DELETE", gw("/api/residents/persons/" + id), token("staff1"), null, null, Map.of()));
        }
    }

    static Map<String, Object> member(String name, String idNumber, String relation, String... flags) {
        return Map.of("name", name, "idNumber", idNumber, "relation", relation, "flags", List.of(flags));
    }

    static String suffix() {
        return UUID.randomUUID().toString().substring(0, 4);
    }

    /** A valid GB 11643 number of district 610113 born on {@code birth}; female: an even 17th digit. */
    static String idNumber(LocalDate birth, boolean female) {
        int sequence = RANDOM.nextInt(500) * 2 + (female ? 0 : 1);
        String body = "610113" + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%03d", sequence);
        int[] weights = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * weights[i];
        }
        return body + "10X98765432".charAt(sum % 11);
    }
}
