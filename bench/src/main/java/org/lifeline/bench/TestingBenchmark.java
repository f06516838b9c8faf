package org.lifeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.lifeline.servers.PartnerEvents;
import org.lifeline.servers.Tokens;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.net.URI;
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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The testing benchmark of issue 5 (run by {@code bench/testing-coverage.sh}): a read model of a city
 * of 1,000,000 persons (100 communities of 10,000) is written straight into the testing database
 * (the benchmark measures queries and result ingestion, not event consumption), a campaign over the
 * whole district has every person sampled into 100,000 pooled tubes of 10 handed to the demo lab
 * (also written directly), then: coverage of one community (10,000 persons, staff1) is timed through
 * the API, and the lab's results for the 100,000 tubes are posted through the API in batches.
 */
public final class TestingBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String url = o.getOrDefault("url", "http://localhost:18082");
        String jdbc = o.getOrDefault("jdbc", "jdbc:postgresql://localhost:45432/testing");
        int communities = Integer.parseInt(o.getOrDefault("communities", "100"));
        int batch = Integer.parseInt(o.getOrDefault("batch", "10000"));
        Path out = Path.of(o.getOrDefault("out", "docs/benchmarks/testing.md"));
        Map<String, String> results = new LinkedHashMap<>();

        UUID campaign = UUID.randomUUID();
        long t0 = System.nanoTime();
        int[] counts = seed(jdbc, campaign, communities);
        results.put("read model written (COPY)", String.format("%,d persons, %,d households, %,d tubes in %.1f s",
                counts[0], counts[1], counts[2], (System.nanoTime() - t0) / 1e9));

        String staff = "staff1";
        String loadBefore = load();
        String path = "/api/testing/campaigns/" + campaign + "/coverage";
        JsonNode first = get(url, path, Tokens.of(staff));
        results.put("coverage of staff1's community", first.get("total").toString());
        for (int i = 0; i < 30; i++) {
            get(url, path, Tokens.of(staff));
        }
        long[] nanos = new long[300];
        for (int i = 0; i < nanos.length; i++) {
            String token = Tokens.of(staff);
            long s = System.nanoTime();
            get(url, path, token);
            nanos[i] = System.nanoTime() - s;
        }
        Arrays.sort(nanos);
        results.put(String.format("coverage of a community of 10,000 persons in a register of %,d (300 sequential requests)", counts[0]),
                String.format("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (load average before %s, after %s)", nanos[150] / 1e6,
                        nanos[285] / 1e6, nanos[297] / 1e6, loadBefore, load()));
        results.forEach((k, v) -> System.out.println(k + ": " + v));

        // results: 100,000 tubes, 1 in 1,000 positive, posted by the lab in batches
        Random random = new Random(5);
        // the demo lab as co-governance announces it: testing hands over to, and takes results from, approved labs only
        PartnerEvents.announceDemoPartnersAndWait(o.getOrDefault("kafka", System.getenv().getOrDefault("LIFELINE_KAFKA_BOOTSTRAP",
                "localhost:49092")), url, null);
        String lab = Tokens.ofClient("demo-lab", "demo-lab-secret"); // valid 5 minutes, longer than the run
        loadBefore = load();
        long posted = 0;
        long recorded = 0;
        t0 = System.nanoTime();
        List<Map<String, Object>> items = new ArrayList<>();
        for (int t = 0; t < counts[2]; t++) {
            items.add(Map.of("barcode", barcode(t), "result", random.nextInt(1000) == 0 ? "positive" : "negative"));
            if (items.size() == batch || t == counts[2] - 1) {
                JsonNode outcome = post(url, "/api/testing/results", lab,
                        Map.of("results", items));
                recorded += outcome.get("recorded").asLong();
                posted += items.size();
                System.out.printf("%,d tubes posted, %.1f s%n", posted, (System.nanoTime() - t0) / 1e9);
                items = new ArrayList<>();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        results.put("result ingestion: " + String.format("%,d", posted) + " tubes in batches of " + batch,
                String.format("%.1f s, %,.0f tubes/s (%,d recorded; load average before %s, after %s)", seconds,
                        posted / seconds, recorded, loadBefore, load()));

        StringBuilder md = new StringBuilder("# Testing benchmark\n\nGenerated by `bench/testing-coverage.sh` on ")
                .append(OffsetDateTime.now().withNano(0)).append(". Machine: ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append("; PostgreSQL 17 (")
                .append(o.getOrDefault("pg-config", "defaults")).append("), Keycloak, Kafka and the testing service "
                        + "(java -jar, -Xmx1g) on the same machine; the driver on one connection.\n\n")
                .append("| measure | result |\n| --- | --- |\n");
        results.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v.replace("|", "/")).append(" |\n"));
        md.append("\nThe read model, the campaign, the samples and the hand-over are written with SQL (COPY) before the run; "
                + "the coverage requests and the result batches go through the API with real tokens.\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md);
        System.out.println(md);
    }

    /** The 1-minute load average: other work on the two cores shows in the figures. */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    static String barcode(int t) {
        return String.format("B%07d", t);
    }

    /** @return persons, households, tubes */
    private static int[] seed(String jdbc, UUID campaign, int communities) throws Exception {
        Random random = new Random(20220101L);
        int persons = 0;
        int households = 0;
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres")) {
            c.setAutoCommit(false);
            CopyIn places = ((PGConnection) c.unwrap(PGConnection.class)).getCopyAPI()
                    .copyIn("COPY place_rm (code, name, level, parent_code, path) FROM STDIN");
            StringBuilder p = new StringBuilder();
            p.append("6101\t西安市\tcity\t\\N\t/6101/\n610113\t雁塔区\tdistrict\t6101\t/6101/610113/\n");
            List<String[]> units = new ArrayList<>();
            for (int s = 1; s <= (communities + 9) / 10; s++) {
                String street = "610113" + String.format("%03d", s);
                String streetPath = "/6101/610113/" + street + "/";
                p.append(street).append("\t街道\tstreet\t610113\t").append(streetPath).append('\n');
                for (int cm = 1; cm <= Math.min(10, communities - (s - 1) * 10); cm++) {
                    String community = street + String.format("%03d", cm);
                    String cp = streetPath + community + "/";
                    p.append(community).append("\t社区\tcommunity\t").append(street).append('\t').append(cp).append('\n');
                    for (int k = 1; k <= 4; k++) {
                        String compound = community + String.format("-%02d", k);
                        String kp = cp + compound + "/";
                        p.append(compound).append("\t小区\tcompound\t").append(community).append('\t').append(kp).append('\n');
                        for (int b = 1; b <= 8; b++) {
                            String building = compound + String.format("-%02d", b);
                            String bp = kp + building + "/";
                            p.append(building).append('\t').append(b).append("号楼\tbuilding\t").append(compound).append('\t')
                                    .append(bp).append('\n');
                            for (int u = 1; u <= 4; u++) {
                                String unit = building + "-" + u;
                                p.append(unit).append('\t').append(u).append("单元\tunit\t").append(building).append('\t')
                                        .append(bp + unit + "/").append('\n');
                                units.add(new String[] { unit, bp + unit + "/" });
                            }
                        }
                    }
                }
            }
            byte[] bytes = p.toString().getBytes(StandardCharsets.UTF_8);
            places.writeToCopy(bytes, 0, bytes.length);
            places.endCopy();
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO campaign (id, area_code, area_path, title, test_date, pool_size, exempt_under_months, "
                        + "status, created_by) VALUES ('" + campaign + "', '610113', '/6101/610113/', 'benchmark', "
                        + "'2022-01-10', 10, 0, 'open', 'bench')");
            }
            CopyIn hh = ((PGConnection) c.unwrap(PGConnection.class)).getCopyAPI()
                    .copyIn("COPY household_rm (id, code, unit_code, room, place_path, status, version, grid_code) FROM STDIN");
            StringBuilder h = new StringBuilder();
            StringBuilder pe = new StringBuilder();
            StringBuilder st = new StringBuilder();
            int perCommunity = 10_000;
            int unitsPerCommunity = 4 * 8 * 4;
            List<Object[]> sampled = new ArrayList<>();
            StringBuilder gr = new StringBuilder();
            for (int ci = 0; ci < communities; ci++) {
                int inCommunity = 0;
                int room = 0;
                while (inCommunity < perCommunity) {
                    int unitIndex = room % unitsPerCommunity;
                    String[] unit = units.get(ci * unitsPerCommunity + unitIndex);
                    String community = unit[1].split("/")[4];
                    String grid = community + "-G" + (1 + unitIndex / (unitsPerCommunity / 4)); // 4 grids, a building each
                    if (room == 0) {
                        for (int g = 1; g <= 4; g++) {
                            gr.append(community).append("-G").append(g).append('\t').append(community).append("\t第")
                                    .append(g).append("网格\t网格员").append(g).append('\n');
                        }
                    }
                    String roomCode = String.format("%04d", 101 + room / unitsPerCommunity);
                    UUID household = UUID.randomUUID();
                    h.append(household).append('\t').append(unit[0]).append('-').append(roomCode).append('\t').append(unit[0])
                            .append('\t').append(roomCode).append('\t').append(unit[1]).append("\tnormal\t0\t").append(grid).append('\n');
                    households++;
                    int size = Math.min(perCommunity - inCommunity, 1 + random.nextInt(4));
                    for (int k = 0; k < size; k++) {
                        UUID person = UUID.randomUUID();
                        LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(random.nextInt(29_000));
                        // one person in a hundred bedridden (sampled at home)
                        pe.append(person).append('\t').append(household).append("\t居民\t").append(birth)
                                .append(k == 0 ? "\thouseholder" : "\tother")
                                .append(random.nextInt(100) == 0 ? "\t{bedridden}" : "\t{}")
                                .append("\t2022-01-01T00:00:00Z\t").append(k)
                                .append('\t').append(unit[1]).append('\t').append(grid).append('\n');
                        sampled.add(new Object[] { person, household, unit[1] });
                        persons++;
                        inCommunity++;
                    }
                    room++;
                }
            }
            bytes = h.toString().getBytes(StandardCharsets.UTF_8);
            hh.writeToCopy(bytes, 0, bytes.length);
            hh.endCopy();
            CopyIn pc = ((PGConnection) c.unwrap(PGConnection.class)).getCopyAPI().copyIn(
                    "COPY person_rm (id, household_id, name, birth_date, relation, flags, seen_at, position, place_path, grid_code) "
                            + "FROM STDIN");
            bytes = pe.toString().getBytes(StandardCharsets.UTF_8);
            pc.writeToCopy(bytes, 0, bytes.length);
            pc.endCopy();
            copy(c, "COPY grid_rm (code, community_code, name, grid_worker) FROM STDIN", gr);
            // every person sampled, 10 to a sealed pooled tube, all tubes handed to demo-lab
            int tubes = (sampled.size() + 9) / 10;
            UUID handover = UUID.randomUUID();
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO handover (id, campaign_id, lab, tubes, handed_over_by) VALUES ('" + handover + "', '"
                        + campaign + "', 'demo-lab', " + tubes + ", 'bench')");
            }
            StringBuilder tb = new StringBuilder();
            StringBuilder sa = new StringBuilder();
            for (int t = 0; t < tubes; t++) {
                int n = Math.min(10, sampled.size() - t * 10);
                tb.append(barcode(t)).append('\t').append(campaign).append("\tpooled\t10\t").append(n)
                        .append("\tsealed\tbench\t").append(handover).append("\tdemo-lab\t/6101/610113/\n");
                for (int k = 0; k < n; k++) {
                    Object[] ph = sampled.get(t * 10 + k);
                    sa.append(campaign).append('\t').append(ph[0]).append('\t').append(ph[1]).append('\t').append(barcode(t))
                            .append("\tbench\n");
                    st.append(campaign).append('\t').append(ph[0]).append('\t').append(ph[1]).append("\tsampled\t")
                            .append(barcode(t)).append('\t').append(ph[2]).append('\n');
                }
            }
            copy(c, "COPY tube (barcode, campaign_id, kind, capacity, samples, status, opened_by, handover_id, lab, place_path) "
                    + "FROM STDIN", tb);
            copy(c, "COPY sample (campaign_id, person_id, household_id, tube_barcode, taken_by) FROM STDIN", sa);
            copy(c, "COPY person_state (campaign_id, person_id, household_id, state, barcode, place_path) FROM STDIN", st);
            c.commit();
            try (Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("VACUUM ANALYZE");
            }
            return new int[] { persons, households, tubes };
        }
    }

    private static void copy(Connection c, String sql, StringBuilder rows) throws Exception {
        CopyIn in = ((PGConnection) c.unwrap(PGConnection.class)).getCopyAPI().copyIn(sql);
        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
        in.endCopy();
    }

    private static JsonNode get(String url, String path, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static JsonNode post(String url, String path, String token, Object body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body().substring(0, Math.min(500, r.body().length())));
        }
        return JSON.readTree(r.body());
    }
}
