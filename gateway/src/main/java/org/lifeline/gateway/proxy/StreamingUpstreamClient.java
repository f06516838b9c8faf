package org.lifeline.gateway.proxy;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.BiConsumer;

/**
 * The upstream client of the streaming paths ({@link StreamedExchange}). Its own pool, so long
 * transfers never hold the connections of ordinary calls, and no connection idle timeout: an
 * upstream may be quiet for a while (an export being prepared, an import being stored) and the
 * exchange's own timeout ({@code streaming.timeout}) bounds it instead.
 */
@ApplicationScoped
public class StreamingUpstreamClient {

    private final HttpClient client;

    @Inject
    public StreamingUpstreamClient(Vertx vertx) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(1000)
                .setKeepAlive(true)
                .setIdleTimeout(0)
                .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(64));
    }

    /**
     * A streamed exchange, not yet started: {@code in} must be paused and is read from when the
     * exchange runs; {@code answerHeaders} copies the upstream's answer headers that may go back.
     * {@code context} is the caller's event loop, where the exchange keeps its state.
     */
    public StreamedExchange exchange(Context context, UpstreamRequest request, HttpServerRequest in,
            HttpServerResponse out, long maxBodyBytes, BiConsumer<MultiMap, MultiMap> answerHeaders) {
        return new StreamedExchange(client, context, request, in, out, maxBodyBytes, answerHeaders);
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
