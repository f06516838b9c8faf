package org.lifeline.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.lifeline.gateway.config.GatewayConfig;
import org.lifeline.gateway.config.Texts;
import org.lifeline.gateway.proxy.UpstreamClient;
import org.lifeline.gateway.proxy.UpstreamRequest;
import org.lifeline.gateway.proxy.UpstreamResponse;
import org.lifeline.platform.problem.ProblemType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET /api/households/{id}/overview}: asks every configured part (residents, testing,
 * supplies, medical) for the household at once, through each service's own guard, with the caller's
 * token (each service applies its own access rules), and answers within one deadline with the parts
 * it got and a list of those unavailable and why. Who may ask, and how often, is the owner route's
 * (residents) roles and rate limit. The owner part decides access and fails closed: its 4xx is the
 * answer, and if it does not answer 2xx in time the overview is 503, so other parts never show a
 * household the caller may not see.
 */
@ApplicationScoped
public class HouseholdOverview {

    private static final Pattern ID = Pattern.compile("[0-9A-Za-z-]{1,64}");

    @Inject
    GatewayConfig config;

    @Inject
    GatewayRoutes routes;

    @Inject
    UpstreamClient client;

    @Inject
    Responses responses;

    @Inject
    ObjectMapper mapper;

    private record PartResult(String name, UpstreamResponse response, String unavailable, int status) {
    }

    void register(Router router) {
        router.get("/api/households/:id/overview")
                .handler(rc -> routes.measure(rc, "overview"))
                .handler(rc -> routes.authenticate(rc, identity -> {
                    // the owner's route decides who may ask (roles) and how often (rate limit)
                    String owner = ownerRoute();
                    GatewayConfig.Route route = config.routes().get(owner);
                    if (route == null) {
                        responses.problem(rc, ProblemType.UPSTREAM_UNAVAILABLE, Texts.of("overview.no-owner"));
                        return;
                    }
                    routes.admit(rc, "overview", route, identity, () -> overview(rc));
                }));
    }

    private void overview(RoutingContext rc) {
        String id = rc.pathParam("id");
        if (!ID.matcher(id).matches()) {
            responses.problem(rc, ProblemType.NOT_FOUND, Texts.of("overview.no-household", id));
            return;
        }
        List<Uni<PartResult>> calls = new ArrayList<>();
        for (Map.Entry<String, GatewayConfig.Overview.Part> entry : config.overview().parts().entrySet()) {
            calls.add(part(rc, entry.getKey(), entry.getValue(), id));
        }
        Uni.join().all(calls).andCollectFailures().subscribe().with(results -> answer(rc, id, results),
                failure -> responses.problem(rc, ProblemType.INTERNAL, Texts.of("overview.failed")));
    }

    private Uni<PartResult> part(RoutingContext rc, String name, GatewayConfig.Overview.Part part, String id) {
        GatewayConfig.Route route = config.routes().get(part.route());
        RouteGuard guard = routes.guards().get(part.route());
        if (route == null || guard == null) {
            return Uni.createFrom().item(new PartResult(name, null, "no route " + part.route() + " is configured", 0));
        }
        UpstreamRequest request = new UpstreamRequest(HttpMethod.GET, route.upstream(), part.path().replace("{id}", id),
                GatewayRoutes.forwardHeaders(rc.request()), null, route.timeout());
        return routes.send(guard, request)
                .ifNoItem().after(config.overview().deadline()).failWith(() -> new java.util.concurrent.TimeoutException())
                .map(response -> response.status() / 100 == 2
                        ? new PartResult(name, response, null, response.status())
                        : new PartResult(name, response, "answered " + response.status(), response.status()))
                .onFailure().recoverWithItem(e -> new PartResult(name, null, reason(e), 0));
    }

    private static String reason(Throwable e) {
        if (e instanceof CircuitBreakerOpenException) {
            return "circuit breaker open";
        }
        if (e instanceof BulkheadException) {
            return "busy";
        }
        if (e instanceof java.util.concurrent.TimeoutException
                || e instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException) {
            return "no answer in time";
        }
        return "not reachable";
    }

    /** The route of the part marked {@code owner} (residents): it decides access to the whole overview. */
    private String ownerRoute() {
        return config.overview().parts().values().stream().filter(GatewayConfig.Overview.Part::owner)
                .map(GatewayConfig.Overview.Part::route).findFirst().orElse(null);
    }

    private void answer(RoutingContext rc, String id, List<PartResult> results) {
        for (PartResult result : results) {
            GatewayConfig.Overview.Part part = config.overview().parts().get(result.name());
            if (!part.owner() || (result.response() != null && result.status() / 100 == 2)) {
                continue;
            }
            // fail closed: without the owner's yes, no other part is shown
            if (result.response() != null && result.status() >= 400 && result.status() < 500) {
                rc.response().setStatusCode(result.status());
                result.response().headers().forEach(h -> {
                    if (h.getKey().equalsIgnoreCase("content-type") || h.getKey().equalsIgnoreCase("content-language")) {
                        rc.response().putHeader(h.getKey(), h.getValue());
                    }
                });
                rc.response().end(result.response().body());
            } else {
                rc.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
                responses.problem(rc, ProblemType.UPSTREAM_UNAVAILABLE, Texts.of("overview.access-unconfirmed",
                        result.name(), result.unavailable() == null ? "no answer" : result.unavailable()));
            }
            return;
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("householdId", id);
        ObjectNode parts = body.putObject("parts");
        ArrayNode unavailable = body.putArray("unavailable");
        for (PartResult result : results) {
            if (result.unavailable() == null) {
                parts.set(result.name(), read(result.response()));
            } else {
                ObjectNode missing = unavailable.addObject();
                missing.put("part", result.name());
                missing.put("reason", result.unavailable());
                if (result.status() > 0) {
                    missing.put("status", result.status());
                }
            }
        }
        rc.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(responses.json(body));
    }

    private JsonNode read(UpstreamResponse response) {
        try {
            return response.body() == null || response.body().length() == 0 ? mapper.nullNode()
                    : mapper.readTree(response.body().getBytes());
        } catch (java.io.IOException e) {
            return mapper.getNodeFactory().textNode(response.body().toString());
        }
    }
}
