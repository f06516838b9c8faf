package org.lifeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.lifeline.servers.Tokens;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The register benchmark of issue 4 (run by {@code bench/residents-register.sh}): generates a city
 * register, imports it as CSV into an empty register through the residents API and reports rows/s,
 * times a community's household list and name searches against the full register (p50/p95/p99 over
 * sequential requests on one connection), then empties the register and imports the same city as XLSX.
 * Writes a Markdown report. Not a test: nothing here passes or fails on a number.
 */
public final class RegisterBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String url;
    private final String jdbc;
    private final long serverPid;
    private String pgConfig = "";
    /** all (default); csv: places, the CSV import and the queries, then stop; queries: only the queries, on a register already loaded. */
    private String phases = "all";
    private final Map<String, String> results = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    private RegisterBenchmark(String url, String jdbc, long serverPid) {
        this.url = url;
        this.jdbc = jdbc;
        this.serverPid = serverPid;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int persons = Integer.parseInt(o.getOrDefault("persons", "1000000"));
        int streets = Integer.parseInt(o.getOrDefault("streets", "10"));
        int perStreet = Integer.parseInt(o.getOrDefault("communities-per-street", "10"));
        Path work = Path.of(o.getOrDefault("work", ".devstack/bench-register"));
        Path out = Path.of(o.getOrDefault("out", "docs/benchmarks/residents.md"));
        RegisterBenchmark bench = new RegisterBenchmark(o.getOrDefault("url", "http://localhost:18081"),
                o.getOrDefault("jdbc", "jdbc:postgresql://localhost:45432/residents"),
                Long.parseLong(o.getOrDefault("server-pid", "0")));
        bench.pgConfig = o.getOrDefault("pg-config", "");
        bench.phases = o.getOrDefault("phases", "all");
        bench.run(new CityRegister(20220101L, persons, streets, perStreet), work, out, persons);
    }

    private void run(CityRegister city, Path work, Path out, int persons) throws Exception {
        Files.createDirectories(work);
        if (phases.equals("queries")) {
            queries(city);
            write(out);
            return;
        }
        Path csv = work.resolve("city-register.csv");
        Path xlsx = work.resolve("city-register.xlsx");
        long t0 = System.nanoTime();
        city.writeCsv(csv);
        log("CSV written: %s (%,d bytes) in %.1f s", csv, Files.size(csv), secs(t0));
        results.put("persons in the register", String.format("%,d", persons));
        results.put("communities", Integer.toString(city.communities().size()));
        results.put("CSV file", String.format("%.1f MB", Files.size(csv) / 1e6));
        if (phases.equals("all")) {
            t0 = System.nanoTime();
            city.writeXlsx(xlsx);
            log("XLSX written: %s (%,d bytes) in %.1f s", xlsx, Files.size(xlsx), secs(t0));
            results.put("XLSX file", String.format("%.1f MB", Files.size(xlsx) / 1e6));
        }

        places(city);
        JsonNode csvJob = importFile(csv, "city-register.csv");
        report("CSV import", csvJob, Files.size(csv));
        results.put("residents peak RSS after CSV import", peakRss());
        drain("CSV import");

        queries(city);
        if (phases.equals("csv")) {
            write(out);
            return;
        }

        emptyRegister();
        JsonNode xlsxJob = importFile(xlsx, "city-register.xlsx");
        report("XLSX import", xlsxJob, Files.size(xlsx));
        results.put("residents peak RSS after XLSX import", peakRss());

        JsonNode again = importFile(csv, "city-register.csv");
        report("CSV re-import of the same register (nothing changes)", again, Files.size(csv));
        write(out);
    }

    /** The city, the district, its streets and communities (the import creates compounds and below). */
    private void places(CityRegister city) throws Exception {
        String admin = Tokens.of("admin1");
        post(admin, Map.of("code", CityRegister.CITY, "name", "西安市", "level", "city"));
        post(admin, Map.of("code", CityRegister.DISTRICT, "name", "雁塔区", "level", "district", "parentCode", CityRegister.CITY));
        for (String community : city.communities()) {
            String street = community.substring(0, 9);
            post(admin, Map.of("code", street, "name", "街道" + street.substring(6), "level", "street",
                    "parentCode", CityRegister.DISTRICT));
            post(admin, Map.of("code", community, "name", "社区" + community.substring(9), "level", "community",
                    "parentCode", street));
        }
    }

    private void post(String token, Map<String, String> place) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/residents/places"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(place))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201 && r.statusCode() != 409) {
            throw new IllegalStateException("place " + place + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** Uploads as district1 (area: the district), waits for the job, returns its final state. */
    private JsonNode importFile(Path file, String name) throws Exception {
        String boundary = "----lifeline" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/residents/imports"))
                .header("Authorization", "Bearer " + Tokens.of("district1"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .timeout(Duration.ofMinutes(10)).build(), HttpResponse.BodyHandlers.ofString());
        double upload = secs(t0);
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("import refused: " + accepted.statusCode() + " " + accepted.body());
        }
        String id = JSON.readTree(accepted.body()).get("id").asText();
        log("%s uploaded in %.1f s; job %s", name, upload, id);
        JsonNode job;
        int lastPercent = -1;
        while (true) {
            Thread.sleep(500);
            job = get("/api/residents/imports/" + id, Tokens.of("district1"));
            String status = job.get("status").asText();
            if (job.get("percent").asInt() / 10 != lastPercent / 10) {
                lastPercent = job.get("percent").asInt();
                log("  %s %d%% (%s) rows read %,d", status, lastPercent, job.path("phase").asText(""),
                        job.get("rowsRead").asLong());
            }
            if (status.equals("done") || status.equals("failed")) {
                break;
            }
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) job).put("uploadSeconds", upload);
        ((com.fasterxml.jackson.databind.node.ObjectNode) job).put("totalSeconds", secs(t0));
        if (!job.get("status").asText().equals("done")) {
            throw new IllegalStateException("import failed: " + job);
        }
        return job;
    }

    private void report(String what, JsonNode job, long bytes) {
        double seconds = Duration.between(OffsetDateTime.parse(job.get("startedAt").asText()),
                OffsetDateTime.parse(job.get("finishedAt").asText())).toMillis() / 1000.0;
        long rows = job.get("rowsRead").asLong();
        results.put(what + ": job time (file on the server to committed)", String.format("%.1f s", seconds));
        results.put(what + ": rows/s", String.format("%,.0f", rows / seconds));
        results.put(what + ": upload time (%,.0f MB over loopback)".formatted(bytes / 1e6),
                String.format("%.1f s", job.get("uploadSeconds").asDouble()));
        results.put(what + ": end to end (upload + job + polling)", String.format("%.1f s (%,.0f rows/s)",
                job.get("totalSeconds").asDouble(), rows / job.get("totalSeconds").asDouble()));
        results.put(what + ": counters", String.format("%,d read, %,d accepted, %,d rejected, %,d persons created, "
                + "%,d updated, %,d households, %,d places", rows, job.get("rowsAccepted").asLong(),
                job.get("rowsRejected").asLong(), job.get("personsCreated").asLong(), job.get("personsUpdated").asLong(),
                job.get("householdsCreated").asLong(), job.get("placesCreated").asLong()));
        log("%s: %.1f s, %,.0f rows/s", what, seconds, rows / seconds);
    }

    /** Waits until the outbox relay has published the import's events to Kafka; reports how fast. */
    private void drain(String what) throws Exception {
        long t0 = System.nanoTime();
        long first = -1;
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres"); Statement s = c.createStatement()) {
            while (true) {
                long pending;
                try (var rs = s.executeQuery("SELECT count(*) FROM outbox WHERE published_at IS NULL")) {
                    rs.next();
                    pending = rs.getLong(1);
                }
                if (first < 0) {
                    first = pending;
                }
                if (pending == 0) {
                    break;
                }
                Thread.sleep(1000);
            }
        }
        double seconds = secs(t0);
        results.put(what + ": events still to publish when the job ended, and the time to publish them",
                String.format("%,d events, %.0f s (%,.0f events/s to Kafka)", first, seconds,
                        first / Math.max(seconds, 0.001)));
        log("%s: outbox drained (%,d events) in %.0f s", what, first, seconds);
    }

    /** Latencies of the two staff queries against the full register. */
    private void queries(CityRegister city) throws Exception {
        // staff1 works in community 610113001001, one of the generated ones; district1 sees them all
        String staff = "staff1";
        String district = "district1";
        String community = city.communities().get(0);
        long households = get("/api/residents/households?place=" + community + "&size=50", Tokens.of(staff))
                .get("totalItems").asLong();
        int pages = (int) Math.max(1, households / 50);
        Random random = new Random(7);
        List<String> names = new ArrayList<>();
        JsonNode sample = get("/api/residents/persons?q=" + enc(community + "-01") + "&size=500", Tokens.of(staff))
                .get("items");
        sample.forEach(p -> names.add(p.get("name").asText()));
        if (names.isEmpty()) {
            throw new IllegalStateException("no persons found in " + community);
        }
        if (!phases.equals("queries")) {
            // the first minutes after a bulk load: statistics and the visibility map not yet renewed by autovacuum
            measure(String.format("community household list, 50 per page, random page, right after the import "
                            + "(staff1, one community of %,d households)", households),
                    () -> "/api/residents/households?place=" + community + "&size=50&page=" + random.nextInt(pages), staff);
            long t0 = System.nanoTime();
            try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres"); Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE household, person, person_flag");
            }
            results.put("VACUUM ANALYZE household, person, person_flag (what autovacuum does within minutes of the import)",
                    String.format("%.1f s", secs(t0)));
        }
        measure(String.format("community household list, 50 per page, random page (staff1, one community of %,d households)", households),
                () -> "/api/residents/households?place=" + community + "&size=50&page=" + random.nextInt(pages), staff);
        measure("name search, a full name of 3 characters (staff1, own community)",
                () -> "/api/residents/persons?q=" + enc(pick(names, random, 3)), staff);
        measure("name search, a full name of 3 characters (district1, whole register)",
                () -> "/api/residents/persons?q=" + enc(pick(names, random, 3)), district);
        measure("name search, 2 characters (a given name) (staff1, own community)",
                () -> "/api/residents/persons?q=" + enc(pick(names, random, 2)), staff);
        measure("name search, 2 characters (a given name) (district1, whole register)",
                () -> "/api/residents/persons?q=" + enc(pick(names, random, 2)), district);
        measure("search by the last 4 digits of a phone or ID (staff1, own community)",
                () -> "/api/residents/persons?q=" + String.format("%04d", random.nextInt(10_000)), staff);
    }

    private static String pick(List<String> names, Random random, int length) {
        for (int i = 0; i < 1000; i++) {
            String n = names.get(random.nextInt(names.size()));
            if (length == 3 && n.length() == 3) {
                return n;
            }
            if (length == 2 && n.length() == 3) {
                return n.substring(1);
            }
        }
        return names.get(0);
    }

    /** Sequential GETs as the user (tokens are renewed as they age). */
    private void measure(String what, java.util.function.Supplier<String> path, String user) throws Exception {
        for (int i = 0; i < 50; i++) {
            get(path.get(), Tokens.of(user)); // warm-up
        }
        int n = 300;
        long[] nanos = new long[n];
        long hits = 0;
        for (int i = 0; i < n; i++) {
            String token = Tokens.of(user);
            long t0 = System.nanoTime();
            JsonNode page = get(path.get(), token);
            nanos[i] = System.nanoTime() - t0;
            hits += page.get("items").size();
        }
        Arrays.sort(nanos);
        String line = String.format("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (%d requests, %.1f items per answer)",
                nanos[n / 2] / 1e6, nanos[n * 95 / 100] / 1e6, nanos[n * 99 / 100] / 1e6, n, hits / (double) n);
        results.put(what, line);
        log("%s: %s", what, line);
    }

    private JsonNode get(String path, String token) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private void emptyRegister() throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute("TRUNCATE person_flag, care_contact, person, household_status_change, survey_visit, household CASCADE");
            s.execute("DELETE FROM place WHERE level IN ('compound', 'building', 'unit')");
            s.execute("VACUUM ANALYZE");
        }
        notes.add("Before the XLSX import the register was emptied (TRUNCATE, places below the communities deleted), "
                + "so both imports load the same city into an empty register.");
    }

    private String peakRss() {
        if (serverPid <= 0) {
            return "unknown";
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + serverPid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return String.format("%.0f MB", Long.parseLong(line.replaceAll("\\D", "")) / 1024.0);
                }
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }

    private void write(Path out) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Residents register benchmark\n\n")
                .append("Generated by `bench/residents-register.sh` on ").append(OffsetDateTime.now().withNano(0))
                .append(". Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(String.format("%.0f GiB", physicalMemory() / 1073741824.0)).append(" RAM, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(", Java ").append(System.getProperty("java.version"))
                .append(". PostgreSQL 17 (zonky binaries; ").append(pgConfig.isBlank() ? "default settings" : pgConfig)
                .append("), Keycloak, Kafka and the residents service (java -jar, -Xmx2g) on the same machine; "
                        + "the driver on one connection. Queries are timed after the outbox relay has published "
                        + "the import's events.\n\n")
                .append("| measure | result |\n| --- | --- |\n");
        results.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append('\n');
        for (String note : notes) {
            md.append("- ").append(note).append('\n');
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md);
        log("report written to %s", out);
    }

    private static long physicalMemory() {
        try {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getTotalMemorySize();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return o;
    }
}
