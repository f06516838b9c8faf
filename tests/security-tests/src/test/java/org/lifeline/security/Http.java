package org.lifeline.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Raw HTTP for the security tests: any method, any bytes, and the answer as it came. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    record Reply(String method, String url, int status, Map<String, List<String>> headers, byte[] bytes) {

        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        JsonNode json() {
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + this, e);
            }
        }

        /** RFC 9457: problem+json with at least {@code status} (equal to the HTTP status) and {@code title}. */
        String problemViolation() {
            String type = header("Content-Type");
            if (type == null || !type.toLowerCase().startsWith("application/problem+json")) {
                return "Content-Type " + type + " is not application/problem+json";
            }
            try {
                JsonNode problem = JSON.readTree(bytes);
                if (problem == null || !problem.path("title").isTextual() || problem.path("status").asInt() != status) {
                    return "problem without title or with another status";
                }
            } catch (IOException e) {
                return "problem body is not JSON";
            }
            return null;
        }

        void assertProblem(int expected) {
            assertEquals(expected, status, this::toString);
            String violation = problemViolation();
            if (violation != null) {
                fail(violation + ": " + this);
            }
            assertNoStackTrace();
        }

        void assertNoStackTrace() {
            String body = body();
            assertFalse(body.matches("(?s).*(\\tat |\\bat [a-z]+\\.[a-z]+\\.|Exception:|\\.java:\\d+\\)).*"),
                    "stack trace in the answer: " + this);
        }

        @Override
        public String toString() {
            String body = body();
            return method + " " + url + " -> " + status + " " + header("Content-Type") + " "
                    + (body.length() > 600 ? body.substring(0, 600) + "..." : body);
        }
    }

    static Reply get(String url, String token) {
        return send("GET", url, token, null, null, Map.of());
    }

    static Reply json(String method, String url, String token, Object body) {
        try {
            return send(method, url, token, "application/json", JSON.writeValueAsBytes(body), Map.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Reply send(String method, String url, String token, String contentType, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        builder.header("Accept-Language", "en");
        headers.forEach(builder::header);
        try {
            HttpResponse<byte[]> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(method, url, response.statusCode(), new LinkedHashMap<>(response.headers().map()), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A POST with {@code Expect: 100-continue} over a plain socket (the JDK client's expect-continue never returned
     * here): the body is sent only after {@code 100 Continue}, so a server refusing it early (413) is read cleanly
     * instead of racing a connection reset mid-upload. {@code Connection: close}; the answer's body by Content-Length.
     */
    static Reply postExpectingContinue(String url, String token, String contentType, byte[] body) {
        URI uri = URI.create(url);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            java.io.OutputStream out = socket.getOutputStream();
            java.io.BufferedInputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nAuthorization: Bearer " + token + "\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                    + body.length + "\r\nExpect: 100-continue\r\nAccept-Language: en\r\nConnection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            int status = readHead(in, headers);
            if (status == 100) {
                out.write(body);
                out.flush();
                headers.clear();
                status = readHead(in, headers);
            }
            List<String> length = headers.getOrDefault("content-length", List.of("0"));
            byte[] answer = in.readNBytes(Integer.parseInt(length.get(0).trim()));
            return new Reply("POST", url, status, headers, answer);
        } catch (IOException e) {
            throw new IllegalStateException("POST " + url + ": " + e, e);
        }
    }

    private static int readHead(java.io.InputStream in, Map<String, List<String>> headers) throws IOException {
        String statusLine = readLine(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(), k -> new java.util.ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        return status;
    }

    private static String readLine(java.io.InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed in the answer's head");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    static void assertStatus(int expected, Reply reply) {
        assertEquals(expected, reply.status(), reply::toString);
    }

    static void assertRefused(Reply reply) {
        assertTrue(reply.status() == 401 || reply.status() == 403, reply::toString);
        if (reply.problemViolation() != null) {
            fail(reply.problemViolation() + ": " + reply);
        }
    }

    /** Refused as forbidden or not found (either keeps the object safe), as problem+json. */
    static void assertRefused404(Reply reply) {
        assertTrue(reply.status() == 403 || reply.status() == 404, reply::toString);
        if (reply.problemViolation() != null) {
            fail(reply.problemViolation() + ": " + reply);
        }
    }
}
