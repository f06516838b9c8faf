package org.lifeline.gateway.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import org.lifeline.gateway.config.GatewayConfig;
import org.lifeline.gateway.proxy.UpstreamClient;
import org.lifeline.gateway.proxy.UpstreamRequest;
import org.lifeline.gateway.proxy.UpstreamResponse;
import org.lifeline.platform.problem.Lang;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.Problem;
import org.lifeline.platform.problem.ProblemType;
import org.lifeline.platform.problem.Problems;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The gateway's routes, built from {@link GatewayConfig} at start: for each service, its prefix is
 * proxied to its upstream after the token was validated (Keycloak, via quarkus-oidc) and the route's
 * roles were checked, inside the service's own {@link RouteGuard}. Any other {@code /api/} path is
 * 404. Every error the gateway makes itself is problem+json; upstream answers pass through unchanged.
 */
@ApplicationScoped
public class GatewayRoutes {

    private static final Logger LOG = Logger.getLogger(GatewayRoutes.class);
    /** Headers the gateway forwards upstream; everything else stays at the edge. */
    private static final Set<String> FORWARDED = Set.of("authorization", "accept", "accept-language",
            "content-type", "idempotency-key", "if-match", "if-none-match", "x-request-id", "traceparent", "tracestate");
    /** Hop-by-hop headers (RFC 9110 section 7.6.1) never go back to the caller. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "content-length");
    private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    GatewayConfig config;

    @Inject
    UpstreamClient client;

    @Inject
    IdentityProviderManager identities;

    @Inject
    ObjectMapper mapper;

    private final Map<String, RouteGuard> guards = new LinkedHashMap<>();

    void register(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.maxBodySize().asLongValue());
        config.routes().forEach((service, route) -> {
            RouteGuard guard = new RouteGuard(service, route);
            guards.put(service, guard);
            String prefix = route.prefix().replaceAll("/+$", "");
            for (String path : List.of(prefix, prefix + "/*")) {
                router.route(path)
                        .handler(body)
                        .handler(rc -> proxy(rc, route, guard))
                        .failureHandler(this::failure);
            }
            LOG.infof("Route %s/** -> %s (%s, timeout %s, max %d concurrent)", prefix, route.upstream(),
                    guard.name(), route.timeout(), route.maxConcurrent());
        });
        router.route("/api/*").handler(rc -> problem(rc, ProblemType.NOT_FOUND,
                Message.of("No service answers at " + rc.request().path() + ".",
                        "没有服务处理路径 " + rc.request().path() + "。")));
    }

    /** The guards by service name, for health checks and tests. */
    public Map<String, RouteGuard> guards() {
        return guards;
    }

    private void proxy(RoutingContext rc, GatewayConfig.Route route, RouteGuard guard) {
        QuarkusHttpUser.getSecurityIdentity(rc, identities).subscribe().with(
                identity -> authorized(rc, route, guard, identity),
                failure -> unauthenticated(rc));
    }

    private void authorized(RoutingContext rc, GatewayConfig.Route route, RouteGuard guard, SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            unauthenticated(rc);
            return;
        }
        List<String> roles = route.roles().orElse(List.of());
        if (!roles.isEmpty() && roles.stream().noneMatch(identity::hasRole)) {
            problem(rc, ProblemType.FORBIDDEN, Message.of("Your role does not allow this service.",
                    "您的角色无权访问此服务。"));
            return;
        }
        HttpServerRequest in = rc.request();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        in.headers().forEach(h -> {
            if (FORWARDED.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        String traceparent = in.getHeader("traceparent");
        if (traceparent == null || !TRACEPARENT.matcher(traceparent).matches()) {
            headers.set("traceparent", newTraceparent());
        }
        headers.set("X-Forwarded-For", in.remoteAddress() == null ? "unknown" : in.remoteAddress().hostAddress());
        headers.set("X-Forwarded-Proto", in.scheme());
        String pathAndQuery = in.query() == null ? in.path() : in.path() + "?" + in.query();
        UpstreamRequest request = new UpstreamRequest(in.method(), route.upstream(), pathAndQuery, headers,
                rc.body() == null ? null : rc.body().buffer(), route.timeout());
        guard.call(() -> client.send(request)).subscribe().with(
                response -> respond(rc, response),
                failure -> upstreamFailed(rc, guard, failure));
    }

    private void respond(RoutingContext rc, UpstreamResponse response) {
        if (rc.response().ended()) {
            return;
        }
        var out = rc.response().setStatusCode(response.status());
        response.headers().forEach(h -> {
            String name = h.getKey().toLowerCase(java.util.Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !name.equals("x-request-id")) {
                out.headers().add(h.getKey(), h.getValue());
            }
        });
        if (response.body() == null) {
            out.end();
        } else {
            out.end(response.body());
        }
    }

    private void upstreamFailed(RoutingContext rc, RouteGuard guard, Throwable failure) {
        if (rc.response().headWritten()) {
            return;
        }
        if (failure instanceof CircuitBreakerOpenException) {
            rc.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(guard.retryAfterSeconds()));
            problem(rc, ProblemType.UPSTREAM_UNAVAILABLE, Message.of(
                    "The service is failing and is given a moment to recover; try again shortly.",
                    "该服务暂时故障，正在恢复，请稍后重试。"));
        } else if (failure instanceof BulkheadException) {
            rc.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
            problem(rc, ProblemType.UPSTREAM_UNAVAILABLE, Message.of(
                    "The service is busy with other requests; try again shortly.", "该服务繁忙，请稍后重试。"));
        } else if (failure instanceof TimeoutException) {
            problem(rc, ProblemType.UPSTREAM_TIMEOUT, Message.of("The service did not answer in time.",
                    "该服务未能及时响应。"));
        } else {
            LOG.warnf("%s: upstream call failed: %s", guard.name(), failure.toString());
            rc.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
            problem(rc, ProblemType.UPSTREAM_UNAVAILABLE, Message.of("The service is not reachable right now.",
                    "该服务当前无法访问。"));
        }
        if (guard.state() == CircuitBreakerState.OPEN) {
            LOG.debugf("%s is open", guard.name());
        }
    }

    private void failure(RoutingContext rc) {
        if (rc.statusCode() == 413) {
            problem(rc, ProblemType.PAYLOAD_TOO_LARGE, Message.of("The request body is larger than "
                    + config.maxBodySize().asLongValue() + " bytes.", "请求体超过 " + config.maxBodySize().asLongValue() + " 字节。"));
        } else if (rc.failure() instanceof AuthenticationFailedException || rc.statusCode() == 401) {
            unauthenticated(rc);
        } else {
            LOG.errorf(rc.failure(), "Gateway error on %s", rc.request().path());
            problem(rc, ProblemType.INTERNAL, Message.of("The gateway failed on this request.", "网关处理请求时出错。"));
        }
    }

    private void unauthenticated(RoutingContext rc) {
        if (rc.response().headWritten()) {
            return; // the authentication failure was already answered through the failure handler
        }
        rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"lifeline\"");
        problem(rc, ProblemType.UNAUTHENTICATED, Message.of("A valid bearer token is required.", "需要有效的访问令牌。"));
    }

    void problem(RoutingContext rc, ProblemType type, Message detail) {
        if (rc.response().ended()) {
            return;
        }
        Lang lang = Lang.fromAcceptLanguage(rc.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        Problem problem = new Problem(type.uri(), type.title(lang), type.status(), detail.in(lang), rc.request().path(),
                rc.request().getHeader(Problems.REQUEST_ID_HEADER), null);
        String json;
        try {
            json = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            json = "{\"status\":" + type.status() + "}";
        }
        rc.response().setStatusCode(type.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONTENT_LANGUAGE, lang.tag())
                .end(json);
    }

    private static String newTraceparent() {
        byte[] trace = new byte[16];
        byte[] span = new byte[8];
        RANDOM.nextBytes(trace);
        RANDOM.nextBytes(span);
        return "00-" + HexFormat.of().formatHex(trace) + "-" + HexFormat.of().formatHex(span) + "-01";
    }
}
