package org.lifeline.gateway.routing;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.gateway.config.GatewayConfig;
import org.lifeline.gateway.config.Texts;
import org.lifeline.platform.problem.ProblemType;

import java.util.Optional;

/**
 * The request body limit as a 413 problem+json. Quarkus refuses a body whose {@code Content-Length}
 * is over {@code quarkus.http.limits.max-body-size} itself, with an empty 413, before any route runs;
 * this handler runs just before that check (after the request id is set) and answers as
 * problem+json whenever the declared length is over the limit of the request's path:
 * <ul>
 * <li>buffered paths: {@link #bytes()}, the smaller of {@code gateway.max-body-size} (2M) and Quarkus'
 * own; chunked bodies over it are stopped by the routes' body handler (see {@link GatewayRoutes#failure});</li>
 * <li>streaming paths ({@link StreamingPaths}): {@link #streamingBytes}, the smaller of the route's
 * {@code streaming.max-body-size} and Quarkus' own; chunked bodies over it are counted and cut off
 * while they are piped (see {@code StreamedExchange}).</li>
 * </ul>
 * Quarkus' own limit is therefore set to the largest streaming limit (256M); because the smaller value
 * always applies, the two checks can never disagree.
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

    @Inject
    StreamingPaths streamingPaths;

    /** Largest body, in bytes, the gateway accepts and forwards on buffered (non-streaming) paths. */
    public long bytes() {
        return capped(config.maxBodySize().asLongValue());
    }

    /** Largest body, in bytes, the gateway accepts and pipes on the streaming paths of this route. */
    public long streamingBytes(GatewayConfig.Route route) {
        return capped(route.streaming().maxBodySize().asLongValue());
    }

    /** The limit of the request path (as routed, i.e. normalised): its streaming limit, else {@link #bytes()}. */
    public long bytesFor(String path) {
        return streamingPaths.match(path).map(p -> streamingBytes(p.route())).orElseGet(this::bytes);
    }

    private long capped(long bytes) {
        return serverLimit.map(limit -> Math.min(bytes, limit.asLongValue())).orElse(bytes);
    }

    void register(Router router) {
        router.route("/api/*").order(ORDER).handler(this::check);
    }

    void check(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long limit = bytesFor(rc.normalizedPath());
            if (tooLarge(length, limit)) {
                // the caller may still be sending the body: answer, then drop the connection (as Quarkus does)
                rc.response().putHeader(HttpHeaders.CONNECTION, "close")
                        .endHandler(done -> rc.request().connection().close());
                tooLarge(rc, limit);
                return;
            }
        }
        rc.next();
    }

    /** 413 for a buffered path. */
    void tooLarge(RoutingContext rc) {
        tooLarge(rc, bytes());
    }

    void tooLarge(RoutingContext rc, long limit) {
        responses.problem(rc, ProblemType.PAYLOAD_TOO_LARGE, Texts.of("body.too-large", limit));
    }

    private static boolean tooLarge(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // the HTTP codec refuses a malformed Content-Length before this runs
        }
    }
}
