package org.lifeline.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP server standing in for an upstream service (the gateway's tests are about the gateway;
 * the real services have their own tests and run behind it in the local stack). It records the last
 * request and answers what the test tells it, or lets a test's own handler answer ({@link #custom}).
 * Bodies are read as they arrive and hashed (SHA-256), so large streamed bodies can be compared without
 * keeping them; {@code body} holds the text of bodies up to {@link #KEPT_BODY} bytes only.
 */
final class FakeUpstream {

    /** {@code complete}: the body was read to its end (false: the connection broke while it was read). */
    record Seen(String method, String path, String query, Map<String, String> headers, String body, long bodyLength,
            String bodySha256, boolean complete) {
    }

    static final int KEPT_BODY = 4 * 1024 * 1024;

    record Answer(int status, String contentType, String body, long delayMillis) {
    }

    private static final Map<Integer, FakeUpstream> RUNNING = new ConcurrentHashMap<>();

    private final int port;
    private HttpServer server;
    final AtomicReference<Seen> lastSeen = new AtomicReference<>();
    /** Requests that reached this upstream (counted as soon as their head arrived). */
    final AtomicInteger requests = new AtomicInteger();
    /** If set, answers instead of {@link #answer} (after the request was counted; the handler reads the body). */
    final AtomicReference<HttpHandler> custom = new AtomicReference<>();
    final AtomicReference<Answer> answer = new AtomicReference<>(
            new Answer(200, "application/json", "{\"ok\":true}", 0));

    private FakeUpstream(int port) {
        this.port = port;
    }

    /** The fake upstream of a route of {@link FakeUpstreamsResource}, started if it is not running. */
    static FakeUpstream named(String service) {
        return on(Integer.getInteger("fake.port." + service));
    }

    /** The upstream on this port, started if it is not running. */
    static synchronized FakeUpstream on(int port) {
        FakeUpstream upstream = RUNNING.computeIfAbsent(port, FakeUpstream::new);
        if (upstream.server == null) {
            upstream.start();
        }
        return upstream;
    }

    synchronized void start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        HttpHandler handler = custom.get();
        if (handler != null) {
            handler.handle(exchange);
            return;
        }
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        MessageDigest sha256 = sha256();
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        long length = 0;
        boolean complete = true;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) != -1; ) {
                sha256.update(buffer, 0, n);
                if (length + n <= KEPT_BODY) {
                    kept.write(buffer, 0, n);
                }
                length += n;
            }
        } catch (IOException e) {
            complete = false;
        }
        lastSeen.set(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), headers,
                length <= KEPT_BODY ? kept.toString(StandardCharsets.UTF_8) : "", length,
                HexFormat.of().formatHex(sha256.digest()), complete));
        if (!complete) {
            exchange.close();
            return;
        }
        Answer a = answer.get();
        if (a.delayMillis() > 0) {
            try {
                Thread.sleep(a.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", a.contentType());
        exchange.getResponseHeaders().add("X-Upstream", "fake");
        exchange.getResponseHeaders().add("Connection", "keep-alive");
        exchange.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
