package org.lifeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.lifeline.servers.PartnerEvents;
import org.lifeline.servers.Tokens;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 5's propagation target: from a lab's positive single-tube result to the household's
 * {@code sealed} status in residents, p95 under 1 s. The real path: testing records the result and
 * writes the event in its outbox; the relay sends it to Kafka; residents' inbox consumer applies it.
 *
 * <p>Residents runs with its demo data; testing builds its read model from residents' events. The
 * driver opens a campaign over one compound, checks N persons of N different households into N single
 * tubes, hands them to the lab, then, one at a time, posts a positive result and polls the household
 * in residents (every 5 ms) until it is sealed. The time is from sending the result to seeing
 * {@code sealed}.
 */
public final class PropagationBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String residents = o.getOrDefault("residents", "http://localhost:18081");
        String testing = o.getOrDefault("testing", "http://localhost:18082");
        String compound = o.getOrDefault("compound", "610113001001-01");
        int n = Integer.parseInt(o.getOrDefault("households", "100"));
        Path out = Path.of(o.getOrDefault("out", "docs/benchmarks/testing-propagation.md"));

        String staff = Tokens.of("staff1");
        JsonNode households = send(residents, "GET", "/api/residents/households?place=" + compound + "&size=" + n
                + "&status=normal", staff, null, 200);
        List<String[]> targets = new ArrayList<>(); // household, person
        for (JsonNode h : households.get("items")) {
            JsonNode full = send(residents, "GET", "/api/residents/households/" + h.get("id").asText(), staff, null, 200);
            if (full.get("persons").size() > 0) {
                targets.add(new String[] { h.get("id").asText(), full.get("persons").get(0).get("id").asText() });
            }
        }
        if (targets.size() < n) {
            throw new IllegalStateException("only " + targets.size() + " households with persons in " + compound);
        }
        // testing's read model must hold the last of them (it fills from residents' events)
        long waitStart = System.nanoTime();
        while (true) {
            HttpResponse<String> r = raw(testing, "GET", "/api/testing/households/" + targets.get(n - 1)[0], staff, null);
            if (r.statusCode() == 200) {
                break;
            }
            if (System.nanoTime() - waitStart > 300e9) {
                throw new IllegalStateException("testing's read model did not fill: " + r.statusCode());
            }
            Thread.sleep(500);
        }
        String campaign = send(testing, "POST", "/api/testing/campaigns", staff, Map.of("areaCode", compound,
                "title", "propagation benchmark", "testDate", "2022-01-10"), 201).get("id").asText();
        List<String> barcodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String barcode = "PB" + campaign.substring(0, 8) + i;
            send(testing, "POST", "/api/testing/campaigns/" + campaign + "/tubes", staff,
                    Map.of("barcode", barcode, "kind", "single"), 201);
            send(testing, "POST", "/api/testing/tubes/" + barcode + "/samples", staff,
                    Map.of("personId", targets.get(i)[1]), 201);
            barcodes.add(barcode);
        }
        // the demo lab as co-governance announces it: testing hands over to, and takes results from, approved labs only
        PartnerEvents.announceDemoPartnersAndWait(o.getOrDefault("kafka", System.getenv().getOrDefault("LIFELINE_KAFKA_BOOTSTRAP",
                "localhost:49092")), testing, null);
        send(testing, "POST", "/api/testing/handovers", staff, Map.of("lab", "demo-lab", "barcodes", barcodes), 201);

        String lab = Tokens.ofClient("demo-lab", "demo-lab-secret");
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            String path = "/api/residents/households/" + targets.get(i)[0];
            long start = System.nanoTime();
            send(testing, "POST", "/api/testing/results", lab,
                    Map.of("results", List.of(Map.of("barcode", barcodes.get(i), "result", "positive"))), 200);
            while (!"sealed".equals(send(residents, "GET", path, staff, null, 200).at("/status/status").asText())) {
                if (System.nanoTime() - start > 60e9) {
                    throw new IllegalStateException(path + " not sealed after 60 s");
                }
                Thread.sleep(5);
            }
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        String line = String.format("p50 %.0f ms, p95 %.0f ms, max %.0f ms", nanos[n / 2] / 1e6,
                nanos[(int) Math.ceil(n * 0.95) - 1] / 1e6, nanos[n - 1] / 1e6);
        System.out.println("positive result to sealed household, " + n + " households: " + line);
        String md = "# Testing: result propagation benchmark\n\nGenerated by `bench/testing-propagation.sh` on "
                + OffsetDateTime.now().withNano(0) + ". Machine: " + Runtime.getRuntime().availableProcessors()
                + " cores, Java " + System.getProperty("java.version") + "; PostgreSQL 17, Keycloak, Kafka (3 partitions), "
                + "residents (demo data) and testing (java -jar, -Xmx1g each) on the same machine.\n\n"
                + "| measure | result |\n| --- | --- |\n"
                + "| a lab's positive single tube → the household `sealed` in residents (" + n + " households, one at a "
                + "time; from sending the result to residents' API answering `sealed`, polled every 5 ms) | " + line + " |\n\n"
                + "The path: testing commits the result with its event in the outbox and wakes the outbox relay; the "
                + "relay sends to Kafka (`acks=all`); residents' inbox consumer applies it (status, history, its own "
                + "`HouseholdChanged`) in one transaction.\n";
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md);
        System.out.println(md);
    }

    private static HttpResponse<String> raw(String url, String method, String path, String token, Object body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode send(String url, String method, String path, String token, Object body, int expected)
            throws Exception {
        HttpResponse<String> r = raw(url, method, path, token, body);
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
