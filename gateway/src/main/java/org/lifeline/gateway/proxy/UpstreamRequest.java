package org.lifeline.gateway.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

import java.net.URI;
import java.time.Duration;

/** What the gateway sends upstream: method, the path with its query, headers to forward, the body. */
public record UpstreamRequest(HttpMethod method, URI upstream, String pathAndQuery, MultiMap headers, Buffer body,
        Duration timeout) {
}
