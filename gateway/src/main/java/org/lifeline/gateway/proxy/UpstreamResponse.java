package org.lifeline.gateway.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** What came back from upstream. */
public record UpstreamResponse(int status, MultiMap headers, Buffer body) {

    public boolean isServerError() {
        return status >= 500;
    }
}
