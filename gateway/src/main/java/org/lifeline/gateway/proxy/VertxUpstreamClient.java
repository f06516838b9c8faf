package org.lifeline.gateway.proxy;

import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@link UpstreamClient} on the Vert.x HTTP client: pooled keep-alive connections, a short connect
 * timeout (a dead upstream is refused in milliseconds), the body buffered (requests are bounded by
 * the gateway's body limit). Streaming paths use {@link StreamingUpstreamClient} instead.
 */
@ApplicationScoped
public class VertxUpstreamClient implements UpstreamClient {

    private final HttpClient client;

    @Inject
    public VertxUpstreamClient(Vertx vertx) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(1000)
                .setKeepAlive(true)
                .setIdleTimeout(30)
                .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(256));
    }

    @Override
    public Uni<UpstreamResponse> send(UpstreamRequest request) {
        RequestOptions options = options(request);
        return Uni.createFrom().completionStage(() -> client.request(options)
                .compose(req -> request.body() == null || request.body().length() == 0 ? req.send() : req.send(request.body()))
                .compose(response -> response.body().map(body -> new UpstreamResponse(response.statusCode(),
                        copy(response), body)))
                .toCompletionStage());
    }

    /** Where and what to send; a stalled upstream's connection is closed one second after the request's timeout. */
    static RequestOptions options(UpstreamRequest request) {
        int port = request.upstream().getPort() > 0 ? request.upstream().getPort()
                : "https".equals(request.upstream().getScheme()) ? 443 : 80;
        return new RequestOptions()
                .setMethod(request.method())
                .setHost(request.upstream().getHost())
                .setPort(port)
                .setSsl("https".equals(request.upstream().getScheme()))
                .setURI(request.pathAndQuery())
                .setHeaders(request.headers())
                // a stalled upstream's connection is closed soon after the caller got its 504
                .setIdleTimeout(request.timeout().toMillis() + 1000);
    }

    private static MultiMap copy(HttpClientResponse response) {
        return MultiMap.caseInsensitiveMultiMap().addAll(response.headers());
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
