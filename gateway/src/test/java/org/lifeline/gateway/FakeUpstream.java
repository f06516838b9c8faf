package org.lifeline.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP server standing in for an upstream service (the gateway's tests are about the gateway;
 * the real services have their own tests and run behind it in the local stack). It records the last
 * request and answers what the test tells it.
 */
final class FakeUpstream {

    record Seen(String method, String path, String query, Map<String, String> headers, String body) {
    }

    record Answer(int status, String contentType, String body, long delayMillis) {
    }

    private static final Map<Integer, FakeUpstream> RUNNING = new ConcurrentHashMap<>();

    private final int port;
    private HttpServer server;
    final AtomicReference<Seen> lastSeen = new AtomicReference<>();
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
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        lastSeen.set(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), headers, body));
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
}
