package org.lifeline.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.LifelineHome;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.security.Fixtures.token;

/**
 * Issue 10 part 4: every operation of the merged OpenAPI document ({@code /api-docs/openapi.json} of the gateway)
 * gets malformed input through the gateway, with a real token of a role that may call it (so the request reaches the
 * service's own validation): bad path ids, wrong types and bad enums in query parameters, and for bodies missing and
 * empty bodies, broken JSON, invalid UTF-8, deep nesting, unknown fields, and per property wrong types, nulls, bad
 * enums, huge strings (100 KB) and huge numbers; plus a wrong content type. Asserts: no 5xx, every 4xx is
 * problem+json with {@code status} and {@code title}, no stack trace. Writes the per-operation counts to
 * {@code docs/security-fuzz.md} (with {@code -Dlifeline.docs.write=true}; else to {@code .devstack/generated-docs/}). Deterministic: a fixed seed, operations in document order.
 */
class OpenApiFuzzIT {

    static final long SEED = 20_261_129L;
    static final String HUGE = "界".repeat(100 * 1024 / 3);

    /**
     * Operations not fuzzed, with the reason. Rotating a partner's own secret changes the caller's credentials (the
     * demo partners are shared with the other tests of the build).
     */
    static final Map<String, String> SKIPPED = Map.of(
            "POST /api/cogovernance/partners/me/secret", "rotates the calling partner's own secret (shared demo client); covered by PartnerTest");

    /** Callers tried in this order; the first one not refused (401/403) on a baseline request is used. */
    static final Map<String, Supplier<String>> CALLERS = new LinkedHashMap<>();

    static {
        CALLERS.put("staff1", () -> token("staff1"));
        CALLERS.put("district1", () -> token("district1"));
        CALLERS.put("health1", () -> token("health1"));
        CALLERS.put("admin1", () -> token("admin1"));
        CALLERS.put("grid1", () -> token("grid1"));
        CALLERS.put("resident1", () -> token("resident1"));
        CALLERS.put("volunteer1", () -> token("volunteer1"));
        CALLERS.put("hospital1", () -> token("hospital1"));
        CALLERS.put("demo-merchant", Fixtures::merchant);
        CALLERS.put("demo-lab", Fixtures::lab);
    }

    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

    static JsonNode doc;
    final Random random = new Random(SEED);
    final List<String> violations = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        Fixtures.get();
        doc = Http.get(SecurityStack.gateway() + "/api-docs/openapi.json", null).json();
    }

    record Operation(String method, String path, JsonNode spec) {
        String key() {
            return method + " " + path;
        }
    }

    record Row(String operation, String caller, int requests, int fiveHundreds, int problems) {
    }

    @Test
    void shouldAnswerEveryMalformedRequestWithoutA5xxAndWithProblemJson() throws Exception {
        List<Operation> operations = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(o -> {
            if (Set.of("get", "post", "put", "patch", "delete").contains(o.getKey())) {
                operations.add(new Operation(o.getKey().toUpperCase(), p.getKey(), o.getValue()));
            }
        }));
        assertTrue(operations.size() > 50, "the document has only " + operations.size() + " operations");
        List<Row> rows = new ArrayList<>();
        int total = 0;
        for (Operation operation : operations) {
            if (SKIPPED.containsKey(operation.key())) {
                rows.add(new Row(operation.key(), "-", 0, 0, 0));
                continue;
            }
            Row row = fuzz(operation);
            rows.add(row);
            total += row.requests();
        }
        write(rows, total);
        assertTrue(violations.isEmpty(), violations.size() + " violations:\n" + String.join("\n", violations));
    }

    private Row fuzz(Operation op) {
        List<Request> requests = requests(op);
        // pick a caller that gets past the role checks with the first (baseline) request
        String caller = null;
        int sent = 0;
        int fiveHundreds = 0;
        int problems = 0;
        Request baseline = requests.get(0);
        for (Map.Entry<String, Supplier<String>> candidate : CALLERS.entrySet()) {
            Http.Reply reply = baseline.send(candidate.getValue().get());
            sent++;
            fiveHundreds += check(op, "baseline as " + candidate.getKey(), reply);
            problems += reply.status() >= 400 && reply.status() < 500 ? 1 : 0;
            if (reply.status() != 401 && reply.status() != 403) {
                caller = candidate.getKey();
                break;
            }
        }
        if (caller == null) {
            caller = "staff1 (all callers refused: role checks only)";
        }
        String token = CALLERS.getOrDefault(caller, () -> token("staff1")).get();
        for (Request request : requests.subList(1, requests.size())) {
            Http.Reply reply = request.send(token);
            sent++;
            fiveHundreds += check(op, request.label(), reply);
            problems += reply.status() >= 400 && reply.status() < 500 ? 1 : 0;
        }
        return new Row(op.key(), caller, sent, fiveHundreds, problems);
    }

    private int check(Operation op, String label, Http.Reply reply) {
        if (reply.status() >= 500) {
            violations.add(op.key() + " [" + label + "]: " + reply);
            return 1;
        }
        if (reply.status() >= 400) {
            String violation = reply.problemViolation();
            if (violation != null) {
                violations.add(op.key() + " [" + label + "]: " + violation + ": " + reply);
            }
        }
        String body = reply.body();
        if (body.matches("(?s).*(\\tat |\\bat (org|io|java|jdk|com)\\.[a-zA-Z.$]+\\(|\\.java:\\d+\\)).*")) {
            violations.add(op.key() + " [" + label + "]: stack trace: " + reply);
        }
        return 0;
    }

    /** One malformed request: a URL (path and query already encoded), a content type and body bytes. */
    record Request(String label, String method, String url, String contentType, byte[] body) {
        Http.Reply send(String token) {
            return Http.send(method, url, token, contentType, body, Map.of());
        }
    }

    private List<Request> requests(Operation op) {
        List<Request> out = new ArrayList<>();
        Map<String, String> pathValues = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(op.path());
        while (m.find()) {
            pathValues.put(m.group(1), validPathValue(op, m.group(1)));
        }
        List<JsonNode> query = new ArrayList<>();
        op.spec().path("parameters").forEach(p -> {
            JsonNode param = resolve(p);
            if ("query".equals(param.path("in").asText())) {
                query.add(param);
            }
        });
        JsonNode content = resolve(op.spec().path("requestBody")).path("content");
        String bodyType = null;
        JsonNode bodySchema = null;
        if (content.isObject() && content.size() > 0) {
            bodyType = content.has("application/json") ? "application/json" : content.fieldNames().next();
            bodySchema = resolve(content.path(bodyType).path("schema"));
        }
        JsonNode skeleton = bodySchema == null ? null : skeleton(bodySchema, 0);
        byte[] skeletonBytes = skeleton == null ? null : bytes(skeleton);

        // 0: the baseline (valid-looking ids, the skeleton body)
        out.add(new Request("baseline", op.method(), url(op.path(), pathValues, ""), bodyType, skeletonBytes));

        // path parameters
        for (String name : pathValues.keySet()) {
            for (String bad : List.of("not-a-uuid", "99999999999999999999999999", "-1", "0", "x".repeat(2000), "%00",
                    "..%2F..%2Fq%2Fdev", "%E6%B5%8B%E8%AF%95", "%FF%FE", "%27%20OR%20%271%27%3D%271", "00000000-0000-0000-0000-000000000000")) {
                Map<String, String> values = new LinkedHashMap<>(pathValues);
                values.put(name, bad);
                out.add(new Request("path " + name + "=" + abbreviate(bad), op.method(), url(op.path(), values, ""), bodyType, skeletonBytes));
            }
        }
        // query parameters
        for (JsonNode param : query) {
            String name = param.path("name").asText();
            for (String bad : List.of("abc", "-1", "99999999999999999999", "1.5", "NOT_AN_ENUM", "x".repeat(2000), "%FF%FE", "",
                    "%00", "true")) {
                out.add(new Request("query " + name + "=" + abbreviate(bad), op.method(),
                        url(op.path(), pathValues, "?" + name + "=" + bad), bodyType, skeletonBytes));
            }
            out.add(new Request("query " + name + " twice", op.method(),
                    url(op.path(), pathValues, "?" + name + "=1&" + name + "=abc"), bodyType, skeletonBytes));
        }
        // bodies
        String url = url(op.path(), pathValues, "");
        if (bodyType != null) {
            String type = bodyType.startsWith("multipart/") ? "multipart/form-data; boundary=fuzz" : bodyType;
            out.add(new Request("missing body", op.method(), url, type, null));
            out.add(new Request("empty body", op.method(), url, type, new byte[0]));
            for (String raw : List.of("null", "[]", "42", "\"text\"", "{", "{\"a\":", "}{", "{}", "{\"a\":1,\"a\":2}",
                    "[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(3000) + "1" + "}".repeat(3000), "\u0000")) {
                out.add(new Request("body " + abbreviate(raw), op.method(), url, type, raw.getBytes(StandardCharsets.UTF_8)));
            }
            out.add(new Request("invalid UTF-8", op.method(), url, type, invalidUtf8(skeleton)));
            out.add(new Request("wrong content type", op.method(), url, "text/plain",
                    skeletonBytes == null ? "x".getBytes(StandardCharsets.UTF_8) : skeletonBytes));
            out.add(new Request("no content type", op.method(), url, null,
                    skeletonBytes == null ? "x".getBytes(StandardCharsets.UTF_8) : skeletonBytes));
            if (skeleton instanceof ObjectNode object) {
                ObjectNode unknown = object.deepCopy();
                unknown.put("unexpectedField", "x").putObject("__proto__").put("admin", true);
                out.add(new Request("unknown fields", op.method(), url, bodyType, bytes(unknown)));
                for (Map.Entry<String, JsonNode> property : properties(bodySchema).entrySet()) {
                    for (Map.Entry<String, JsonNode> variant : variants(property.getValue()).entrySet()) {
                        ObjectNode mutated = object.deepCopy();
                        mutated.set(property.getKey(), variant.getValue());
                        out.add(new Request(property.getKey() + ": " + variant.getKey(), op.method(), url, bodyType, bytes(mutated)));
                    }
                }
            }
        }
        return out;
    }

    /** Wrong values for one property of the given schema. */
    private Map<String, JsonNode> variants(JsonNode schema) {
        JsonNodeFactory n = JsonNodeFactory.instance;
        Map<String, JsonNode> out = new LinkedHashMap<>();
        String type = type(schema);
        out.put("null", n.nullNode());
        out.put("object", n.objectNode().put("nested", 1));
        out.put("array", n.arrayNode().add(1).add("two"));
        switch (type) {
            case "integer", "number" -> {
                out.put("string", n.textNode("abc"));
                out.put("huge", n.numberNode(new java.math.BigDecimal("1e400")));
                out.put("negative", n.numberNode(-2_147_483_649L));
                out.put("fraction", n.numberNode(0.5));
            }
            case "boolean" -> {
                out.put("string", n.textNode("yes"));
                out.put("number", n.numberNode(2));
            }
            case "array" -> {
                out.put("string", n.textNode("abc"));
                ArrayNode many = n.arrayNode();
                for (int i = 0; i < 2000; i++) {
                    many.add("x" + random.nextInt(1000));
                }
                out.put("2000 items", many);
                out.put("nulls", n.arrayNode().addNull().addNull());
            }
            case "object" -> out.put("string", n.textNode("abc"));
            default -> { // string
                out.put("number", n.numberNode(12345));
                out.put("boolean", n.booleanNode(true));
                out.put("huge", n.textNode(HUGE));
                out.put("empty", n.textNode(""));
                out.put("bad enum or format", n.textNode("NOT_AN_ENUM-" + random.nextInt(1000)));
                out.put("control characters", n.textNode("\u0000\u0007\u202e<script>"));
            }
        }
        return out;
    }

    private byte[] invalidUtf8(JsonNode skeleton) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String json = skeleton == null ? "{\"x\":\"@\"}" : skeleton.toString();
        int at = json.indexOf("\"fuzz");
        if (at < 0) {
            json = "{\"x\":\"@\"}";
            at = json.indexOf('@') - 1;
        }
        byte[] head = json.substring(0, at + 1).getBytes(StandardCharsets.UTF_8);
        byte[] tail = json.substring(at + 1).getBytes(StandardCharsets.UTF_8);
        out.writeBytes(head);
        out.writeBytes(new byte[] { (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80 });
        out.writeBytes(tail);
        return out.toByteArray();
    }

    /** A plausible value for a path parameter, so the other mutations get past routing. */
    private String validPathValue(Operation op, String name) {
        JsonNode schema = null;
        for (JsonNode p : op.spec().path("parameters")) {
            JsonNode param = resolve(p);
            if (name.equals(param.path("name").asText()) && "path".equals(param.path("in").asText())) {
                schema = resolve(param.path("schema"));
            }
        }
        if (schema != null && "uuid".equals(schema.path("format").asText())) {
            return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
        }
        if (name.equals("kind")) {
            return "general";
        }
        if (name.equals("barcode")) {
            return "FUZZ" + random.nextInt(1_000_000);
        }
        if (name.contains("code") || name.equals("building")) {
            return SecurityStack.COMMUNITY_1;
        }
        if (schema != null && ("integer".equals(type(schema)))) {
            return Integer.toString(random.nextInt(1000));
        }
        return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
    }

    private JsonNode skeleton(JsonNode schema, int depth) {
        schema = resolve(schema);
        JsonNodeFactory n = JsonNodeFactory.instance;
        if (schema.has("enum") && schema.path("enum").size() > 0) {
            return schema.path("enum").get(0);
        }
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            if (schema.path(combinator).size() > 0) {
                return skeleton(schema.path(combinator).get(0), depth);
            }
        }
        String format = schema.path("format").asText();
        return switch (type(schema)) {
            case "integer" -> n.numberNode(1);
            case "number" -> n.numberNode(1.5);
            case "boolean" -> n.booleanNode(true);
            case "array" -> depth > 3 ? n.arrayNode() : n.arrayNode().add(skeleton(schema.path("items"), depth + 1));
            case "object" -> {
                ObjectNode object = n.objectNode();
                if (depth <= 3) {
                    properties(schema).forEach((k, v) -> object.set(k, skeleton(v, depth + 1)));
                }
                yield object;
            }
            default -> switch (format) {
                case "uuid" -> n.textNode(new java.util.UUID(random.nextLong(), random.nextLong()).toString());
                case "date" -> n.textNode(LocalDate.of(2026, 11, 30).toString());
                case "date-time" -> n.textNode(OffsetDateTime.of(2026, 11, 30, 8, 0, 0, 0, ZoneOffset.UTC).toString());
                default -> n.textNode("fuzz" + random.nextInt(1000));
            };
        };
    }

    private Map<String, JsonNode> properties(JsonNode schema) {
        schema = resolve(schema);
        Map<String, JsonNode> out = new TreeMap<>();
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            schema.path(combinator).forEach(part -> out.putAll(properties(part)));
        }
        Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            out.put(field.getKey(), resolve(field.getValue()));
        }
        return out;
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
        }
        if (type.isTextual()) {
            return type.asText();
        }
        return schema.has("properties") ? "object" : "string";
    }

    private JsonNode resolve(JsonNode node) {
        int hops = 0;
        while (node != null && node.has("$ref") && hops++ < 10) {
            String ref = node.path("$ref").asText();
            node = doc.at(ref.substring(1));
        }
        return node == null ? JsonNodeFactory.instance.objectNode() : node;
    }

    private static String url(String template, Map<String, String> values, String query) {
        String path = template;
        for (Map.Entry<String, String> e : values.entrySet()) {
            path = path.replace("{" + e.getKey() + "}", e.getValue());
        }
        return SecurityStack.gateway() + path + query;
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        String flat = s.replaceAll("[\\p{Cntrl}|]", "?");
        return flat.length() > 24 ? flat.substring(0, 24) + "…(" + s.length() + ")" : flat;
    }

    private void write(List<Row> rows, int total) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("# Fuzzing from the API document\n\n")
                .append("Written by `tests/security-tests/src/test/java/org/lifeline/security/OpenApiFuzzIT.java` on every run (seed ")
                .append(SEED).append("; do not edit by hand). Every operation of the gateway's merged document ")
                .append("(`/api-docs/openapi.json`) got the malformed requests below through the gateway, with a real token of the ")
                .append("first caller the operation's role check let through (baseline request: plausible ids, a skeleton body). ")
                .append("Asserted for every answer: no 5xx, every 4xx `application/problem+json` with `status` and `title`, no ")
                .append("stack trace.\n\n")
                .append("Per path parameter: 11 bad ids (not a UUID, huge number, -1, 0, 2,000 characters, NUL, encoded `../`, ")
                .append("Chinese, invalid percent-encoded UTF-8, SQL, the nil UUID). Per query parameter: 11 (wrong types, huge ")
                .append("number, bad enum, 2,000 characters, invalid UTF-8, empty, NUL, the parameter twice). Per body: missing, ")
                .append("empty, 12 broken or hostile JSON texts (truncated, duplicate keys, 5,000-deep nesting, NUL), invalid ")
                .append("UTF-8 bytes inside a string, wrong and missing content type, unknown fields; per body property: null, ")
                .append("object, array and, by type, wrong type, huge (100 KB strings, 1e400, 2,000-item arrays), empty, bad ")
                .append("enum or format, control characters.\n\n")
                .append("**Total: ").append(total).append(" requests over ").append(rows.size()).append(" operations.**\n\n")
                .append("| operation | caller | requests | 5xx |\n| --- | --- | ---: | ---: |\n");
        for (Row row : rows) {
            md.append("| `").append(row.operation()).append("` | ").append(row.caller()).append(" | ")
                    .append(row.requests()).append(" | ").append(row.fiveHundreds()).append(" |\n");
        }
        md.append("\nNot fuzzed:\n\n");
        SKIPPED.forEach((k, v) -> md.append("- `").append(k).append("`: ").append(v).append('\n'));
        Path report = LifelineHome.generatedDoc("security-fuzz.md"); // docs/ with -Dlifeline.docs.write=true
        Files.createDirectories(report.getParent());
        Files.writeString(report, md.toString());
    }
}
