package org.lifeline.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.MaskRebuild;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 item 1, across the whole suite through the gateway: every GET operation of the merged OpenAPI document
 * (residents, testing, supplies, medical, co-governance) is called by every role with the fixtures' ids in its path;
 * in every JSON or CSV answer, each masked ID number must leave at least 1,000 full numbers and each masked phone
 * 10,000 (the attacker reads the birth year, age, gender and place codes of the same answer: {@link MaskRebuild}),
 * and no answer carries a full ID number or a birth date. Before the fix, a household answer carried
 * {@code birthDate} next to {@code 610113********3616}, which gave back the number exactly.
 */
class MaskRebuildIT {

    static final long MIN_ID_CANDIDATES = 1_000;
    static final long MIN_PHONE_CANDIDATES = 10_000;
    /** An 18-character mainland ID number, whole (not inside a longer run of digits). */
    static final Pattern FULL_ID = Pattern.compile("(?<![0-9])[1-9][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])"
            + "[0-9]{3}[0-9Xx](?![0-9])");
    static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

    static final Map<String, Supplier<String>> CALLERS = new LinkedHashMap<>();

    static {
        for (String user : List.of("resident1", "volunteer1", "grid1", "staff1", "street1", "district1", "health1",
                "admin1")) {
            CALLERS.put(user, () -> Fixtures.token(user));
        }
        CALLERS.put("demo-merchant", Fixtures::merchant);
        CALLERS.put("demo-lab", Fixtures::lab);
    }

    static Fixtures fixtures;
    static JsonNode doc;

    @BeforeAll
    static void setUp() {
        fixtures = Fixtures.get();
        doc = Http.get(SecurityStack.gateway() + "/api-docs/openapi.json", null).json();
    }

    @Test
    void shouldNotLetAnyRoleRebuildAMaskedIdNumberOrPhoneFromAnyAnswer() {
        Map<String, String> ids = Map.of("households", fixtures.household1, "persons", fixtures.person1,
                "orders", fixtures.order1, "requests", fixtures.request1, "campaigns", fixtures.campaign1,
                "tubes", fixtures.tube1, "tasks", fixtures.task1);
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        List<String> failures = new ArrayList<>();
        int answers = 0;
        int masked = 0;
        List<String> urls = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = paths.next();
            String url = entry.getValue().has("get") ? fill(entry.getKey(), ids) : null;
            if (url != null) {
                urls.add(url);
            }
        }
        // answers that need a query: a community's households, a search, the masked export
        urls.add("/api/residents/households?place=" + SecurityStack.COMMUNITY_1 + "-02&size=50");
        urls.add("/api/residents/persons?q=" + java.net.URLEncoder.encode("张", java.nio.charset.StandardCharsets.UTF_8));
        urls.add("/api/residents/exports/persons?place=" + SecurityStack.COMMUNITY_1 + "-02&format=csv");
        for (String url : urls) {
            for (Map.Entry<String, Supplier<String>> caller : CALLERS.entrySet()) {
                Http.Reply reply = Http.get(SecurityStack.gateway() + url, caller.getValue().get());
                if (reply.status() != 200) {
                    continue;
                }
                String type = String.valueOf(reply.header("Content-Type"));
                Object document;
                if (type.startsWith("application/json")) {
                    document = Http.JSON.convertValue(reply.json(), Object.class);
                } else if (type.startsWith("text/csv")) {
                    List<List<String>> table = new ArrayList<>();
                    reply.body().lines().forEach(line -> table.add(Arrays.asList(line.split(",", -1))));
                    document = MaskRebuild.rows(table);
                } else {
                    continue;
                }
                answers++;
                String what = caller.getKey() + " GET " + url;
                Matcher full = FULL_ID.matcher(reply.body());
                if (full.find()) {
                    failures.add(what + " carries a full ID number " + full.group());
                }
                if (reply.body().contains("\"birthDate\"")) {
                    failures.add(what + " carries a birth date");
                }
                for (MaskRebuild.Finding f : MaskRebuild.scan(document, today)) {
                    masked++;
                    boolean phone = f.field().toLowerCase().contains("phone") || f.field().contains("手机")
                            || f.field().contains("电话");
                    if (f.candidates() < (phone ? MIN_PHONE_CANDIDATES : MIN_ID_CANDIDATES)) {
                        failures.add(what + ": " + f);
                    }
                }
            }
        }
        // the crawl must have reached the answers that hold personal data, or it proves nothing
        assertTrue(answers >= 50, "only " + answers + " answers read");
        assertTrue(masked >= 20, "only " + masked + " masked fields seen in " + answers + " answers");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** The path with each parameter filled from the fixture named by the segment before it; null if one is unknown. */
    static String fill(String template, Map<String, String> ids) {
        Matcher m = PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String before = template.substring(0, m.start());
            String[] segments = before.split("/");
            String collection = segments.length == 0 ? "" : segments[segments.length - 1];
            String value = ids.get(collection);
            if (value == null) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
