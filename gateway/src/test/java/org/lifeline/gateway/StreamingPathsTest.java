package org.lifeline.gateway;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;

import java.net.URL;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streaming paths: {@code /api/residents/imports} and {@code /api/residents/exports} (from
 * application.properties, 256M) and {@code /api/transfers/files} (1 MiB, see {@link FakeUpstreamsResource}).
 * Bodies are piped, not buffered: the fake upstreams hash what they receive, the test hashes what comes back.
 * The routes' normal timeout in these tests is 1 s; streamed exchanges are not bound by it. Refusals are
 * checked over a plain socket ({@link RawHttp}): the JDK 17 client waits forever when it sent
 * {@code Expect: 100-continue} and gets a final answer instead of 100 (so the {@code @Timeout}: a hang fails).
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "servers", value = "keycloak"),
        scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = FakeUpstreamsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@Timeout(180)
class StreamingPathsTest {

    /** Health and metrics are on the management port only (application.properties). */
    @TestHTTPResource(value = "/metrics", management = true) // under the management root, /q
    URL metrics;

    static final int SIZE = 20 * 1024 * 1024;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    FakeUpstream residents;
    FakeUpstream transfers;

    @BeforeEach
    void upstreams() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        residents = FakeUpstream.named("residents");
        transfers = FakeUpstream.named("transfers");
        restore();
        // every test starts with the residents breaker closed (another test may have tripped it)
        String token = Tokens.of("staff1");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> given().auth().oauth2(token).get("/api/residents/ping").statusCode() == 200);
    }

    @AfterEach
    void restore() {
        for (FakeUpstream upstream : List.of(residents, transfers)) {
            upstream.custom.set(null);
            upstream.answer.set(new FakeUpstream.Answer(200, "application/json", "{\"ok\":true}", 0));
        }
    }

    @Test
    void shouldPipeA20MbUploadToTheUpstreamByteForByte() throws Exception {
        byte[] file = bytes(SIZE, 1);
        // the upstream answers 202 only 1.5 s after it has the whole file: longer than the route's 1 s timeout
        residents.answer.set(new FakeUpstream.Answer(202, "application/json", "{\"id\":\"job-1\"}", 1500));

        // declared length and Expect: 100-continue (as curl sends large uploads): the gateway says 100 when it pipes
        HttpResponse<String> declared = HTTP.send(request("/api/residents/imports", Tokens.of("staff1"))
                .header("Content-Type", "multipart/form-data; boundary=lifeline")
                .header("X-Request-Id", "upload-1").header("Cookie", "session=secret")
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, declared.statusCode(), declared.body());
        assertEquals("{\"id\":\"job-1\"}", declared.body());
        assertEquals("upload-1", declared.headers().firstValue("X-Request-Id").orElse(null));
        FakeUpstream.Seen seen = residents.lastSeen.get();
        assertEquals("POST", seen.method());
        assertEquals("/api/residents/imports", seen.path());
        assertTrue(seen.complete());
        assertEquals(SIZE, seen.bodyLength());
        assertEquals(sha256(file), seen.bodySha256());
        assertEquals(Integer.toString(SIZE), seen.headers().get("content-length"), "the declared length goes upstream");
        assertEquals("multipart/form-data; boundary=lifeline", seen.headers().get("content-type"));
        assertEquals("upload-1", seen.headers().get("x-request-id"));
        assertTrue(seen.headers().get("traceparent").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"));
        assertTrue(seen.headers().get("authorization").startsWith("Bearer "));
        assertFalse(seen.headers().containsKey("cookie"), "only allowlisted headers go upstream");
        assertFalse(seen.headers().containsKey("expect"));

        // chunked, sent at once, with a token the gateway has not seen yet: the body waits (paused) while the
        // token is verified, and not a byte of it is lost
        byte[] other = bytes(SIZE, 2);
        HttpResponse<String> chunked = HTTP.send(request("/api/residents/imports", Tokens.of("staff2"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(other))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, chunked.statusCode(), chunked.body());
        seen = residents.lastSeen.get();
        assertTrue(seen.complete());
        assertEquals(SIZE, seen.bodyLength());
        assertEquals(sha256(other), seen.bodySha256());
        assertEquals("chunked", seen.headers().get("transfer-encoding"));

        given().get(metrics).then().statusCode(200)
                .body(containsString("lifeline_gateway_streams_seconds_count{method=\"POST\",route=\"residents\",status=\"2xx\"}"))
                .body(containsString("lifeline_gateway_streams_in_flight{route=\"residents\"}"));
    }

    @Test
    void shouldPipeA20MbDownloadBackIntact() throws Exception {
        byte[] export = bytes(SIZE, 3);
        residents.custom.set(exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean chunked = exchange.getRequestURI().getPath().endsWith("errors.csv");
            exchange.getResponseHeaders().add("Content-Type", "text/csv");
            exchange.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"export.csv\"");
            exchange.sendResponseHeaders(200, chunked ? 0 : export.length);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < export.length; i += 64 * 1024) {
                    out.write(export, i, Math.min(64 * 1024, export.length - i));
                }
            }
        });
        String token = Tokens.of("staff1");
        // with the upstream's Content-Length, and chunked (the upstream does not know the length in advance)
        for (String path : List.of("/api/residents/exports/persons", "/api/residents/imports/job-1/errors.csv")) {
            HttpResponse<InputStream> download = HTTP.send(request(path, token).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, download.statusCode(), path);
            assertEquals("text/csv", download.headers().firstValue("Content-Type").orElse(null), path);
            assertEquals("attachment; filename=\"export.csv\"",
                    download.headers().firstValue("Content-Disposition").orElse(null), path);
            assertNotNull(download.headers().firstValue("X-Request-Id").orElse(null), path);
            if (path.endsWith("persons")) {
                assertEquals(Integer.toString(SIZE), download.headers().firstValue("Content-Length").orElse(null));
            }
            MessageDigest sha256 = FakeUpstream.sha256();
            long length;
            try (InputStream in = new DigestInputStream(download.body(), sha256)) {
                length = in.transferTo(OutputStream.nullOutputStream());
            }
            assertEquals(SIZE, length, path);
            assertEquals(sha256(export), HexFormat.of().formatHex(sha256.digest()), path);
        }
    }

    @Test
    void shouldStillRefuseTheSameUploadOnABufferedPathWith413() throws Exception {
        int before = residents.requests.get();
        // the 20 MB upload declared, its first KiB sent with the head; the verdict comes before the rest
        RawHttp.Answer refused = RawHttp.exchange(RestAssured.port,
                RawHttp.head("POST", "/api/residents/households", "Authorization: Bearer " + Tokens.of("staff1"),
                        "Content-Type: application/json", "Accept-Language: en", "Content-Length: " + SIZE),
                bytes(1024, 4));
        assertEquals(413, refused.status(), refused.toString());
        assertEquals("application/problem+json", refused.headers().get("content-type"));
        assertTrue(refused.body().contains("\"type\":\"https://lifeline.example.org/problems/payload-too-large\""), refused.body());
        assertTrue(refused.body().contains("The request body is larger than 2097152 bytes."), refused.body());
        assertEquals(before, residents.requests.get(), "nothing reached the upstream");
    }

    @Test
    void shouldRefuseAndCutOffUploadsOverTheStreamingLimit() throws Exception {
        long limit = FakeUpstreamsResource.TRANSFERS_LIMIT;
        String token = Tokens.of("staff1");
        transfers.lastSeen.set(null);
        int before = transfers.requests.get();

        // declared over the limit: 413 before the body is read
        RawHttp.Answer declared = RawHttp.exchange(RestAssured.port,
                RawHttp.head("POST", "/api/transfers/files", "Authorization: Bearer " + token, "Content-Type: text/csv",
                        "Accept-Language: en", "Content-Length: " + (limit + 1)),
                bytes(1024, 5));
        assertEquals(413, declared.status(), declared.toString());
        assertEquals("application/problem+json", declared.headers().get("content-type"));
        assertTrue(declared.body().contains("The request body is larger than " + limit + " bytes."), declared.body());
        assertEquals(before, transfers.requests.get(), "nothing reached the upstream");

        // chunked: counted while it is piped; one byte over the limit stops it, the caller gets 413
        RawHttp.Answer cut = RawHttp.exchange(RestAssured.port,
                RawHttp.head("POST", "/api/transfers/files", "Authorization: Bearer " + token, "Content-Type: text/csv",
                        "Accept-Language: en", "Transfer-Encoding: chunked"),
                RawHttp.chunk(bytes((int) limit + 1, 6)));
        assertEquals(413, cut.status(), cut.toString());
        assertEquals("application/problem+json", cut.headers().get("content-type"));
        assertTrue(cut.body().contains("The request body is larger than " + limit + " bytes."), cut.body());
        assertEquals("close", cut.headers().get("connection"));
        assertTrue(cut.closed(), "the connection is closed after the answer");
        // the upstream had the start of it, then its request was reset: it never saw a complete body
        await().atMost(Duration.ofSeconds(10)).until(() -> transfers.lastSeen.get() != null);
        FakeUpstream.Seen seen = transfers.lastSeen.get();
        assertFalse(seen.complete(), "the upstream's request was cut off");
        assertTrue(seen.bodyLength() <= limit, "at most the limit was piped: " + seen.bodyLength());
    }

    @Test
    void shouldAnswer401BeforeAnyByteReachesTheUpstream() throws Exception {
        int before = residents.requests.get();
        // no token; a 20 MB upload declared, its first KiB sent with the head
        RawHttp.Answer noToken = RawHttp.exchange(RestAssured.port,
                RawHttp.head("POST", "/api/residents/imports", "Content-Type: text/csv", "Content-Length: " + SIZE),
                bytes(1024, 7));
        assertEquals(401, noToken.status(), noToken.toString());
        assertEquals("application/problem+json", noToken.headers().get("content-type"));
        assertTrue(noToken.headers().get("www-authenticate").startsWith("Bearer"));
        assertTrue(noToken.body().contains("https://lifeline.example.org/problems/unauthenticated"), noToken.body());
        assertEquals("close", noToken.headers().get("connection"), "the unread body is not taken for a next request");
        assertTrue(noToken.closed());

        given().auth().oauth2("not-a-token").contentType("text/csv").body(bytes(1024, 8)).post("/api/residents/imports")
                .then().statusCode(401).contentType("application/problem+json");
        // a role the route does not allow
        given().auth().oauth2(Tokens.of("volunteer1")).contentType("text/csv").body(bytes(1024, 9))
                .post("/api/residents/imports")
                .then().statusCode(403).contentType("application/problem+json");
        assertEquals(before, residents.requests.get(), "nothing reached the upstream");
    }

    @Test
    void shouldCutTheCallerOffWhenTheUpstreamDiesMidDownload() {
        residents.custom.set(exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/csv");
            exchange.sendResponseHeaders(200, SIZE);
            exchange.getResponseBody().write(bytes(1024 * 1024, 10));
            exchange.getResponseBody().flush();
            throw new IOException("the upstream dies"); // the fake's server closes the connection
        });
        String token = Tokens.of("staff1");
        // 200 and the first MiB went out already: the caller's connection is closed, the download cannot look complete
        assertThrows(IOException.class, () -> HTTP.send(request("/api/residents/exports/persons", token).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray()));
    }

    @Test
    void shouldCountStreamedCallsInTheBreakerAndNeverRetryThem() throws Exception {
        String token = Tokens.of("staff1");
        // an idempotent GET answered 503: passed through, and asked once (a buffered GET would be retried once)
        transfers.answer.set(new FakeUpstream.Answer(503, "application/problem+json", "{\"status\":503}", 0));
        int before = transfers.requests.get();
        given().auth().oauth2(token).get("/api/transfers/files/report.csv")
                .then().statusCode(503).body(equalTo("{\"status\":503}"));
        assertEquals(before + 1, transfers.requests.get(), "a streamed call is not retried");
        transfers.answer.set(new FakeUpstream.Answer(200, "application/json", "{\"ok\":true}", 0));

        // upstream down before anything was sent: 503 problem; the failures open the route's breaker
        transfers.stop();
        try {
            given().auth().oauth2(token).header("Accept-Language", "en").contentType("text/csv").body(bytes(1024, 11))
                    .post("/api/transfers/files")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Connection", "close")
                    .body("type", equalTo("https://lifeline.example.org/problems/upstream-unavailable"));
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Response r = given().auth().oauth2(token).header("Accept-Language", "en").contentType("text/csv")
                        .body(bytes(1024, 12)).post("/api/transfers/files");
                return r.statusCode() == 503 && r.asString().contains("given a moment to recover");
            });
            given().get(metrics).then().statusCode(200)
                    .body(containsString("lifeline_gateway_breaker_state{route=\"transfers\"} 1.0"));
        } finally {
            transfers.start();
        }
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() -> given().auth()
                .oauth2(token).contentType("text/csv").body(bytes(1024, 13)).post("/api/transfers/files").statusCode() == 200);
        assertEquals(1024, transfers.lastSeen.get().bodyLength());
    }

    private static HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(120));
    }

    private static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(FakeUpstream.sha256().digest(bytes));
    }
}
