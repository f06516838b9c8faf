package org.lifeline.gateway.proxy;

import io.smallrye.mutiny.Uni;

/**
 * Sends one request to an upstream service without blocking a thread. Lifeline's own small
 * interface, so the HTTP library behind it can change (STYLE.md item 9).
 */
public interface UpstreamClient {

    Uni<UpstreamResponse> send(UpstreamRequest request);
}
