package org.lifeline.faults;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.lifeline.platform.privacy.NationalId;
import org.lifeline.servers.ServerProcess;
import org.lifeline.servers.SharedServers;
import org.lifeline.servers.Tokens;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of the residents service while eight clients register households (two members each) with an
 * {@code Idempotency-Key}, then a restart on the same database: every write that got a 2xx is there,
 * each client's retry of a write that got no answer (same key, same body) completes once, and no
 * household or event exists twice.
 */
class KillUnderWriteLoadFaultIT {

    private static final int WRITERS = 8;
    /** The test's setting for how long a key left "processing" by the killed process blocks its retries. */
    private static final String STALE_AFTER = "PT10S";

    /** One write: its key and body, and what the client saw the first time. */
    record Attempt(String key, String room, int status, String householdId, String failure) {
    }

    @AfterAll
    static void stop() {
        Services.stopAll();
    }

    @Test
    void shouldKeepEveryAcknowledgedWriteExactlyOnceWhenTheServiceIsKilledUnderLoad() throws Exception {
        String jdbc = Services.freshDatabase("faults_kill");
        Map<String, String> env = Services.serviceEnv(jdbc, SharedServers.keycloakUrl(), Services.kafkaBootstrap());
        int port = ServerProcess.freePort();
        String url = "http://localhost:" + port;
        String staleAfter = "-Dresidents.idempotency.stale-after=" + STALE_AFTER;
        ServerProcess residents = Services.start("services/residents", "kill-residents-1", port, env, staleAfter);
        String unit = Http.unitUnderCommunity1(url, Tokens.of("admin1"), "K" + System.nanoTime() % 100000);

        ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger rooms = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        // one sign-in for all writers: concurrent password grants of one user trip Keycloak's brute-force detection
        String staff1 = Tokens.of("staff1");
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            Thread t = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        String key = "kill-" + UUID.randomUUID();
                        String room = "R" + rooms.incrementAndGet();
                        Http.Answer a = Http.post(url + "/api/residents/households", staff1,
                                body(unit, room), Map.of("Idempotency-Key", key), Duration.ofSeconds(15));
                        String id = a.status() == 201 ? a.json().path("id").asText() : null;
                        attempts.add(new Attempt(key, room, a.status(), id, a.failure() == null ? null : a.failure().toString()));
                        if (a.ok()) {
                            acknowledged.incrementAndGet();
                        } else if (a.status() == 0) {
                            return; // no answer: this client stops and retries once the service is back
                        }
                    }
                } catch (Throwable e) {
                    writerFailure.set(e);
                }
            }, "writer-" + w);
            t.start();
            writers.add(t);
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> acknowledged.get() >= 80 || writerFailure.get() != null);
        // kill -9 in the middle of the load, at a moment a write has claimed its key and not committed yet
        // (the window a crash can leave a key "processing"); after 20 s of looking, at any moment
        long lookUntil = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < lookUntil && Services.count(jdbc,
                "SELECT count(*) FROM idempotency_key WHERE state = 'processing'") == 0) {
            Thread.onSpinWait();
        }
        Services.kill(residents);
        long claimedAtKill = Services.count(jdbc, "SELECT count(*) FROM idempotency_key WHERE state = 'processing'");
        int acknowledgedBeforeKill = acknowledged.get();
        stop.set(true);
        for (Thread t : writers) {
            t.join(30_000);
        }
        assertEquals(null, writerFailure.get());

        List<Attempt> all = new ArrayList<>(attempts);
        List<Attempt> acked = all.stream().filter(a -> a.status() / 100 == 2).toList();
        List<Attempt> unanswered = all.stream().filter(a -> a.status() / 100 != 2).toList();
        assertTrue(all.stream().allMatch(a -> a.status() == 201 || a.status() == 0),
                "before the kill every write is 201 and after it the connection fails: " + all.stream()
                        .filter(a -> a.status() != 201 && a.status() != 0).toList());
        assertTrue(!unanswered.isEmpty(), "some writes got no answer");
        // in flight when the process died: the connection broke mid-request (not refused at connect)
        long inFlight = unanswered.stream().filter(a -> !a.failure().contains("ConnectException")).count();
        assertTrue(inFlight > 0, "the kill came while writes were in flight: " + unanswered);

        // restart on the same database (and port); nothing acknowledged may be missing
        Services.start("services/residents", "kill-residents-2", port, env, staleAfter);
        List<String> ackedIds = acked.stream().map(Attempt::householdId).toList();
        assertEquals(acked.size(), Services.count(jdbc, "SELECT count(*) FROM household WHERE id::text = ANY (?)", ackedIds),
                "every acknowledged household is in the database after the restart");

        // the clients retry: an acknowledged write replays its first answer ...
        String token = Tokens.of("staff1");
        List<String> replayProblems = acked.parallelStream().map(a -> {
            Http.Answer replay = Http.post(url + "/api/residents/households", token, body(unit, a.room()),
                    Map.of("Idempotency-Key", a.key()), Duration.ofSeconds(30));
            return replay.status() == 201 && "true".equals(replay.header("Idempotent-Replayed"))
                    && a.householdId().equals(replay.json().path("id").asText()) ? null : a + " -> " + replay;
        }).filter(java.util.Objects::nonNull).toList();
        assertEquals(List.of(), replayProblems, "every acknowledged write's retry replays its first answer");
        // ... and one that got no answer completes once: replayed if the killed process committed it, run now if not
        int replayed = 0;
        int runNow = 0;
        int inProgressAnswers = 0;
        List<String> retriedIds = new ArrayList<>();
        for (Attempt a : unanswered) {
            Http.Answer[] last = new Http.Answer[1];
            AtomicInteger conflicts = new AtomicInteger();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                last[0] = Http.post(url + "/api/residents/households", token, body(unit, a.room()),
                        Map.of("Idempotency-Key", a.key()), Duration.ofSeconds(15));
                if (last[0].status() == 409 && last[0].body().contains("still being processed")) {
                    conflicts.incrementAndGet(); // the killed process's claim on the key, until it is stale
                    return false;
                }
                return true;
            });
            assertEquals(201, last[0].status(), () -> "retry of " + a + ": " + last[0]);
            inProgressAnswers += conflicts.get();
            if ("true".equals(last[0].header("Idempotent-Replayed"))) {
                replayed++;
            } else {
                runNow++;
            }
            retriedIds.add(last[0].json().path("id").asText());
        }

        // none twice: one household per write, one registration event per household, one key per write
        List<String> allIds = new ArrayList<>(ackedIds);
        allIds.addAll(retriedIds);
        assertEquals(all.size(), allIds.stream().distinct().count());
        assertEquals(all.size(), Services.count(jdbc, "SELECT count(*) FROM household WHERE unit_code = ?", unit));
        assertEquals(all.size(), Services.count(jdbc, "SELECT count(*) FROM household WHERE id::text = ANY (?)", allIds));
        assertEquals(2L * all.size(), Services.count(jdbc, "SELECT count(*) FROM person p JOIN household h "
                + "ON p.household_id = h.id WHERE h.unit_code = ?", unit), "two members per household, none twice");
        assertEquals(all.size(), Services.count(jdbc, "SELECT count(*) FROM outbox WHERE event_key = ANY (?)", allIds),
                "exactly one HouseholdChanged per household");
        assertEquals(all.size(), Services.count(jdbc, "SELECT count(DISTINCT event_key) FROM outbox WHERE event_key = ANY (?)", allIds));
        assertEquals(all.size(), Services.count(jdbc, "SELECT count(*) FROM idempotency_key WHERE state = 'done' "
                + "AND idem_key LIKE 'kill-%'"));

        System.out.printf("FAULT-RESULT kill-9: writes attempted %d, acknowledged (201) %d (%d when the kill was sent), "
                        + "unanswered %d (%d in flight when the process died, %d keys left 'processing'); after restart: acknowledged found %d, acknowledged retries replayed %d, "
                        + "unanswered retries replayed (committed before the kill) %d, run now %d, 409 in-progress answers "
                        + "before the stale claim was taken over %d; households %d, members %d, registration events %d, duplicates 0%n",
                all.size(), acked.size(), acknowledgedBeforeKill, unanswered.size(), inFlight, claimedAtKill, acked.size(), acked.size(), replayed,
                runNow, inProgressAnswers, all.size(), 2 * all.size(), all.size());
    }

    /** A household with two members, the same body for the same room (a retry sends the same request). */
    private static Map<String, Object> body(String unit, String room) {
        int n = Integer.parseInt(room.substring(1));
        LocalDate born = LocalDate.of(1940, 1, 1).plusDays(n);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("unitCode", unit);
        body.put("room", room);
        body.put("persons", List.of(
                Map.of("name", "住户" + n, "idNumber", idNumber(born, 1), "relation", "householder"),
                Map.of("name", "家属" + n, "idNumber", idNumber(born, 2), "relation", "spouse")));
        return body;
    }

    private static String idNumber(LocalDate born, int sequence) {
        String first17 = "610113" + born.toString().replace("-", "") + String.format("%03d", sequence);
        return first17 + NationalId.checkCharacter(first17);
    }
}
