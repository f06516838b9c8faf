package org.lifeline.bench;

import io.gatling.javaapi.core.ScenarioBuilder;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * What the Gatling simulations measured, per phase and route: every answer's status (2xx, 429 with and
 * without {@code Retry-After}, other 4xx, 5xx, no answer at all) and response time, written as a TSV
 * that bench/surge.sh and bench/isolation.sh turn into the report's table and plot. Gatling's own HTML
 * report (target/gatling/) has the same requests, named "phase route".
 */
final class LoadRecorder {

    static final class Cell {
        final List<Integer> millis = Collections.synchronizedList(new ArrayList<>());
        long requests;
        long ok;
        long tooMany;
        long tooManyWithRetryAfter;
        long otherClientErrors;
        long serverErrors;
        long unavailable;
        long timedOut;
        long failed;
    }

    private final Map<String, Cell> cells = new ConcurrentHashMap<>();
    private final List<String> phases;
    private final long[] ends;
    private final java.util.concurrent.atomic.AtomicLong start = new java.util.concurrent.atomic.AtomicLong();
    private volatile Runnable onStart = () -> { };

    /** phases with their lengths in seconds, one after the other from {@link #start()}. */
    LoadRecorder(List<String> phases, List<Integer> seconds) {
        this.phases = phases;
        this.ends = new long[seconds.size()];
        long t = 0;
        for (int i = 0; i < seconds.size(); i++) {
            t += seconds.get(i) * 1000L;
            ends[i] = t;
        }
    }

    /** What to do when the first request starts the clock (the isolation run schedules its faults). */
    void onStart(Runnable action) {
        onStart = action;
    }

    /** The phase a request starting now belongs to; the clock starts with the first request, as Gatling's injection does. */
    String phase() {
        long now = System.currentTimeMillis();
        if (start.get() == 0 && start.compareAndSet(0, now)) {
            onStart.run();
        }
        long elapsed = now - start.get();
        for (int i = 0; i < ends.length; i++) {
            if (elapsed < ends[i]) {
                return phases.get(i);
            }
        }
        return "after"; // the injection's last stragglers: left out of every phase
    }

    void record(String phase, String route, Integer status, boolean retryAfter, Integer millis) {
        Cell c = cells.computeIfAbsent(phase + "\t" + route, k -> new Cell());
        synchronized (c) {
            c.requests++;
            if (status == null) {
                c.failed++;
            } else if (status == 429) {
                c.tooMany++;
                if (retryAfter) {
                    c.tooManyWithRetryAfter++;
                }
            } else if (status >= 500) {
                c.serverErrors++;
                if (status == 503) {
                    c.unavailable++;
                } else if (status == 504) {
                    c.timedOut++;
                }
            } else if (status >= 400) {
                c.otherClientErrors++;
            } else {
                c.ok++;
            }
        }
        if (millis != null && status != null) {
            c.millis.add(millis);
        }
    }

    /** phase, route, requests, 2xx, 429, 429 with Retry-After, other 4xx, 5xx, failed, p50, p95, p99, max (ms), 503, 504. */
    void write(Path tsv, List<String> routes) throws IOException {
        StringBuilder out = new StringBuilder(
                "# phase\troute\trequests\t2xx\t429\t429_with_retry_after\tother_4xx\t5xx\tno_answer\tp50_ms\tp95_ms\tp99_ms\tmax_ms\t503\t504\n");
        for (String phase : phases) {
            for (String route : routes) {
                Cell c = cells.get(phase + "\t" + route);
                if (c == null) {
                    continue;
                }
                List<Integer> ms;
                synchronized (c.millis) {
                    ms = new ArrayList<>(c.millis);
                }
                Collections.sort(ms);
                out.append(String.format(Locale.ROOT, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%d\t%d%n", phase, route,
                        c.requests, c.ok, c.tooMany, c.tooManyWithRetryAfter, c.otherClientErrors, c.serverErrors,
                        c.failed, pct(ms, 50), pct(ms, 95), pct(ms, 99), ms.isEmpty() ? "-" : ms.get(ms.size() - 1), c.unavailable, c.timedOut));
            }
        }
        Files.createDirectories(tsv.toAbsolutePath().getParent());
        Files.writeString(tsv, out);
    }

    private static String pct(List<Integer> sorted, int p) {
        if (sorted.isEmpty()) {
            return "-";
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return String.valueOf(sorted.get(Math.max(0, rank - 1)));
    }

    /** A demo user's access token (password grant of the lifeline-cli client; they live 5 minutes). */
    static String token(String keycloak, String user) {
        try {
            String form = "grant_type=password&client_id=lifeline-cli&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                    + "&password=lifeline";
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(keycloak + "/realms/lifeline/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(r.body());
            if (r.statusCode() != 200 || !m.find()) {
                throw new IllegalStateException("no token for " + user + ": " + r.statusCode() + " " + r.body());
            }
            return m.group(1);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("no token for " + user, e);
        }
    }

    static String prop(String name, String fallback) {
        return System.getProperty(name, fallback);
    }

    /**
     * One route's scenario: GET {@code path} with the callers' tokens in turn, each answer recorded under the
     * phase it was sent in (status, whether Retry-After came, response time).
     */
    ScenarioBuilder routeScenario(String name, String path, List<String> tokens) {
        List<Map<String, Object>> feed = new ArrayList<>();
        for (String token : tokens) {
            feed.add(Map.of("token", token));
        }
        return scenario(name)
                .feed(listFeeder(feed).circular())
                .exec(session -> session.set("phase", phase()))
                .exec(http("#{phase} " + name).get(path)
                        .header("Authorization", "Bearer #{token}")
                        .check(status().saveAs("status"), header("Retry-After").optional().saveAs("retryAfter"),
                                responseTimeInMillis().saveAs("rt")))
                .exec(session -> {
                    record(session.getString("phase"), name, session.contains("status") ? session.getInt("status") : null,
                            session.contains("retryAfter"), session.contains("rt") ? session.getInt("rt") : null);
                    return session;
                });
    }
}
