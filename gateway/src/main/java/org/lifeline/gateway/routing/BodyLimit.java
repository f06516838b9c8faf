package org.lifeline.gateway.routing;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.gateway.config.GatewayConfig;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemType;

import java.util.Optional;

/**
 * The request body limit as a 413 problem+json. Quarkus refuses a body whose {@code Content-Length}
 * is over {@code quarkus.http.limits.max-body-size} itself, with an empty 413, before any route runs;
 * this handler runs just before that check (after the request id is set) and answers the same case
 * as problem+json. Chunked bodies over the limit are stopped by the routes' body handler (see
 * {@link GatewayRoutes#failure}). The limit is the smaller of {@code gateway.max-body-size} and
 * Quarkus' own, so the two can never disagree.
 */
@ApplicationScoped
public class BodyLimit {

    /** After {@code RequestIds} (MIN + 10) and {@link SecurityHeaders} (MIN + 20); Quarkus' own check is -2. */
    static final int ORDER = Integer.MIN_VALUE + 30;

    @Inject
    GatewayConfig config;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> serverLimit;

    @Inject
    Responses responses;

    /** Largest body, in bytes, the gateway accepts and forwards. */
    public long bytes() {
        long gateway = config.maxBodySize().asLongValue();
        return serverLimit.map(limit -> Math.min(gateway, limit.asLongValue())).orElse(gateway);
    }

    void register(Router router) {
        router.route("/api/*").order(ORDER).handler(this::check);
    }

    void check(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLarge(length)) {
            // the caller may still be sending the body: answer, then drop the connection (as Quarkus does)
            rc.response().putHeader(HttpHeaders.CONNECTION, "close")
                    .endHandler(done -> rc.request().connection().close());
            tooLarge(rc);
            return;
        }
        rc.next();
    }

    void tooLarge(RoutingContext rc) {
        responses.problem(rc, ProblemType.PAYLOAD_TOO_LARGE, Message.of(
                "The request body is larger than " + bytes() + " bytes.", "请求体超过 " + bytes() + " 字节。"));
    }

    private boolean tooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > bytes();
        } catch (NumberFormatException e) {
            return false; // the HTTP codec refuses a malformed Content-Length before this runs
        }
    }
}
