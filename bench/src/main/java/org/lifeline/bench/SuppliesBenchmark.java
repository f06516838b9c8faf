package org.lifeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.lifeline.servers.Tokens;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The supplies benchmark of issue 6 (run by {@code bench/supplies-orders.sh}): a compound of 10,000 households
 * (100 buildings of 100; about 5 % sealed, 10 % controlled, 10 % with a vulnerable member, 5 % with an infant) is
 * written straight into supplies' read model; then
 * <ol>
 *   <li>every household orders one vegetable package from the compound's depot through the gateway (staff1 on
 *       behalf, each with its own Idempotency-Key, {@code concurrency} requests in flight), against a stock of
 *       half that: all orders contend for one stock row; the first half are allocated, the rest wait;</li>
 *   <li>10,000 waiting orders for rice-flour-oil (written with SQL) and 5,000 in stock: one allocation run
 *       through the gateway ranks all 10,000 and allocates 5,000.</li>
 * </ol>
 */
public final class SuppliesBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String url = o.getOrDefault("url", "http://localhost:18080");
        String jdbc = o.getOrDefault("jdbc", "jdbc:postgresql://localhost:35432/supplies");
        int buildings = Integer.parseInt(o.getOrDefault("buildings", "100"));
        int perBuilding = Integer.parseInt(o.getOrDefault("per-building", "100"));
        int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "32"));
        Path out = Path.of(o.getOrDefault("out", "docs/benchmarks/supplies.md"));
        Map<String, String> results = new LinkedHashMap<>();

        String compound = "610113001001-B" + Integer.toString(new Random().nextInt(1 << 30), 36);
        long t0 = System.nanoTime();
        List<UUID> households = seed(jdbc, compound, buildings, perBuilding);
        results.put("read model written (SQL)", String.format("%,d households in %d buildings in %.1f s",
                households.size(), buildings, (System.nanoTime() - t0) / 1e9));

        // 1. orders through the gateway, all on one stock row
        int stock = households.size() / 2;
        post(url, "/api/supplies/stock", Tokens.of("staff1"), Map.of("areaCode", compound, "itemCode", "vegetables",
                "quantity", stock), null);
        String token = Tokens.of("staff1");
        AtomicInteger allocated = new AtomicInteger();
        AtomicInteger waiting = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long[] latencies = new long[households.size()];
        Semaphore inFlight = new Semaphore(concurrency);
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < households.size(); i++) {
            int n = i;
            inFlight.acquire();
            String body = JSON.writeValueAsString(Map.of("householdId", households.get(i), "itemCode", "vegetables",
                    "quantity", 1));
            long s = System.nanoTime();
            calls.add(HTTP.sendAsync(request(url, "/api/supplies/orders", token, UUID.randomUUID().toString())
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                    .handle((response, error) -> {
                        latencies[n] = System.nanoTime() - s;
                        inFlight.release();
                        if (error != null || response.statusCode() != 201) {
                            if (failed.incrementAndGet() <= 3) {
                                System.err.println("order failed: " + (error != null ? error : response.statusCode()
                                        + " " + response.body()));
                            }
                        } else if (response.body().contains("\"status\":\"allocated\"")) {
                            allocated.incrementAndGet();
                        } else {
                            waiting.incrementAndGet();
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        int accepted = allocated.get() + waiting.get();
        results.put(String.format("orders through the gateway, one stock row of %,d for %,d orders, %d in flight",
                        stock, households.size(), concurrency),
                String.format("%,.0f orders/s accepted (%,d in %.1f s: %,d allocated, %,d waiting, %,d failed); "
                                + "latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms", accepted / seconds, accepted, seconds,
                        allocated.get(), waiting.get(), failed.get(), latencies[latencies.length / 2] / 1e6,
                        latencies[latencies.length * 95 / 100] / 1e6, latencies[latencies.length * 99 / 100] / 1e6));
        System.out.println(results);

        // 2. one allocation run over 10,000 waiting orders
        int runOrders = waitingOrders(jdbc, compound, households);
        post(url, "/api/supplies/stock", Tokens.of("staff1"), Map.of("areaCode", compound, "itemCode", "rice-flour-oil",
                "quantity", runOrders / 2), null);
        long[] runs = new long[1];
        long rs = System.nanoTime();
        JsonNode run = post(url, "/api/supplies/allocation-runs", Tokens.of("staff1"),
                Map.of("areaCode", compound, "itemCode", "rice-flour-oil"), null);
        runs[0] = System.nanoTime() - rs;
        results.put(String.format("allocation run over %,d waiting households (%,d in stock), through the gateway",
                runOrders, runOrders / 2), String.format("%.2f s (%s considered, %s allocated)", runs[0] / 1e9,
                run.get("ordersConsidered"), run.get("ordersAllocated")));
        results.forEach((k, v) -> System.out.println(k + ": " + v));

        StringBuilder md = new StringBuilder("# Supplies benchmark\n\nGenerated by `bench/supplies-orders.sh` on ")
                .append(LocalDate.now()).append(" (").append(Runtime.getRuntime().availableProcessors())
                .append(" cores shared by the load generator, the gateway, supplies, PostgreSQL, Keycloak and Kafka).\n\n")
                .append("| what | result |\n| --- | --- |\n");
        results.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v.replace("|", "/")).append(" |\n"));
        md.append("\nThe read model and the 10,000 waiting orders of the allocation run are written with SQL before "
                + "they are used; the orders of the first part go through the gateway (token check, rate limits raised "
                + "for the run) to supplies, each in its own transaction with its Idempotency-Key, its outbox event and "
                + "its timeline. Targets (issue 6): at least 1,000 orders/s; an allocation run for 10,000 households "
                + "under 2 s.\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md);
        System.out.println(md);
    }

    private static HttpRequest.Builder request(String url, String path, String token, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Accept-Language", "en");
        return key == null ? b : b.header("Idempotency-Key", key);
    }

    private static JsonNode post(String url, String path, String token, Object body, String key) throws Exception {
        HttpResponse<String> r = HTTP.send(request(url, path, token, key)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Places, households and persons of one compound, straight into supplies' read model. */
    private static List<UUID> seed(String jdbc, String compound, int buildings, int perBuilding) throws Exception {
        Random random = new Random(6);
        List<UUID> households = new ArrayList<>();
        String base = "/6101/610113/610113001/610113001001/";
        try (Connection c = DriverManager.getConnection(jdbc + "?reWriteBatchedInserts=true", "postgres", "postgres")) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO place_rm (code, name, level, parent_code, path) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING");
                    PreparedStatement h = c.prepareStatement("INSERT INTO household_rm (id, code, unit_code, room, "
                            + "place_path, status, version) VALUES (?, ?, ?, ?, ?, ?, 0)");
                    PreparedStatement m = c.prepareStatement("INSERT INTO person_rm (id, household_id, name, birth_date, "
                            + "relation, flags, position, seen_at) VALUES (?, ?, ?, ?, ?, ?::text[], ?, now())")) {
                place(p, "6101", "西安市", "city", null, "/6101/");
                place(p, "610113", "雁塔区", "district", "6101", "/6101/610113/");
                place(p, "610113001", "电子城街道", "street", "610113", "/6101/610113/610113001/");
                place(p, "610113001001", "电子城社区", "community", "610113001", base);
                String compoundPath = base + compound + "/";
                place(p, compound, "压测小区", "compound", "610113001001", compoundPath);
                for (int b = 1; b <= buildings; b++) {
                    String building = compound + String.format("-%03d", b);
                    String unit = building + "-1";
                    String unitPath = compoundPath + building + "/" + unit + "/";
                    place(p, building, b + "号楼", "building", compound, compoundPath + building + "/");
                    place(p, unit, "1单元", "unit", building, unitPath);
                    for (int r = 1; r <= perBuilding; r++) {
                        UUID id = UUID.randomUUID();
                        households.add(id);
                        String room = String.format("%04d", r);
                        int roll = random.nextInt(100);
                        h.setObject(1, id);
                        h.setString(2, unit + "-" + room);
                        h.setString(3, unit);
                        h.setString(4, room);
                        h.setString(5, unitPath);
                        h.setString(6, roll < 5 ? "sealed" : roll < 15 ? "controlled" : "normal");
                        h.addBatch();
                        int persons = 1 + random.nextInt(3);
                        for (int i = 0; i < persons; i++) {
                            boolean infant = i == 2 && random.nextInt(100) < 15;
                            m.setObject(1, UUID.randomUUID());
                            m.setObject(2, id);
                            m.setString(3, "住户" + r + "-" + i);
                            m.setObject(4, infant ? LocalDate.now().minusMonths(8) : LocalDate.of(1950 + random.nextInt(50), 1, 1));
                            m.setString(5, i == 0 ? "householder" : "child");
                            m.setString(6, random.nextInt(100) < 4 ? "{dialysis}" : "{}");
                            m.setInt(7, i);
                            m.addBatch();
                        }
                    }
                    h.executeBatch();
                    m.executeBatch();
                }
            }
            c.commit();
        }
        return households;
    }

    private static void place(PreparedStatement p, String code, String name, String level, String parent, String path)
            throws Exception {
        p.setString(1, code);
        p.setString(2, name);
        p.setString(3, level);
        p.setString(4, parent);
        p.setString(5, path);
        p.executeUpdate();
    }

    /** One waiting rice-flour-oil order per household, placed over the last day, with SQL. */
    private static int waitingOrders(String jdbc, String compound, List<UUID> households) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres"); Statement s = c.createStatement()) {
            return s.executeUpdate("INSERT INTO supply_order (id, household_id, household_code, place_path, building_path, "
                    + "stock_area, item_code, quantity, source, status, placed_by, on_behalf, delivery_code, created_at) "
                    + "SELECT gen_random_uuid(), h.id, h.code, h.place_path, regexp_replace(h.place_path, '[^/]+/$', ''), '"
                    + compound + "', 'rice-flour-oil', 1, 'warehouse', 'waiting', 'bench', true, '000000', "
                    + "now() - random() * interval '24 hours' FROM household_rm h WHERE h.place_path LIKE '%/" + compound
                    + "/%'");
        }
    }

}
