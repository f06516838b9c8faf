package org.lifeline.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.gateway.config.GatewayConfig;
import org.lifeline.gateway.proxy.UpstreamClient;
import org.lifeline.gateway.proxy.UpstreamRequest;
import org.lifeline.gateway.proxy.UpstreamResponse;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One API document for partners: the services' OpenAPI documents, fetched with each route's
 * timeout (but outside its circuit breaker), merged (paths as they are, since every path already starts with its service prefix;
 * component schemas renamed {@code <service>_<Name>} so services cannot collide) and served at
 * {@code /api-docs/openapi.json}, with Swagger UI at {@code /api-docs/}. Services that did not
 * answer are named in {@code x-lifeline-unavailable}; the document is kept for a short while.
 */
@ApplicationScoped
public class ApiDocs {

    @Inject
    GatewayConfig config;

    @Inject
    GatewayRoutes routes;

    @Inject
    UpstreamClient client;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String realmUrl;

    private volatile String cached;
    private volatile long cachedAt;

    void register(Router router) {
        router.get("/api-docs/openapi.json").handler(this::document);
        router.getWithRegex("/api-docs$").handler(rc -> rc.redirect("/api-docs/"));
    }

    private void document(RoutingContext rc) {
        String current = cached;
        if (current != null && System.nanoTime() - cachedAt < config.apiDocs().cacheFor().toNanos()) {
            send(rc, current);
            return;
        }
        List<Uni<Map.Entry<String, UpstreamResponse>>> calls = new ArrayList<>();
        config.routes().forEach((service, route) -> {
            if (route.openapi()) {
                UpstreamRequest request = new UpstreamRequest(HttpMethod.GET, route.upstream(),
                        "/q/openapi?format=json", MultiMap.caseInsensitiveMultiMap().add("Accept", "application/json"),
                        null, route.timeout());
                // not through the route's breaker: a docs fetch must not trip it for real traffic
                calls.add(client.send(request)
                        .ifNoItem().after(route.timeout()).fail()
                        .map(r -> Map.entry(service, r))
                        .onFailure().recoverWithItem(Map.entry(service, new UpstreamResponse(0, null, null))));
            }
        });
        Uni.join().all(calls).andCollectFailures().subscribe().with(results -> {
            String merged = responsesJson(merge(results));
            if (results.stream().allMatch(r -> r.getValue().status() == 200)) {
                cached = merged;
                cachedAt = System.nanoTime();
            }
            send(rc, merged);
        }, rc::fail);
    }

    private void send(RoutingContext rc, String json) {
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json);
    }

    ObjectNode merge(List<Map.Entry<String, UpstreamResponse>> results) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("openapi", "3.1.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Lifeline API");
        info.put("version", "1");
        info.put("description", "All Lifeline services behind the gateway. Every call needs a bearer token from "
                + "Keycloak realm lifeline (partners: OAuth 2.0 client credentials).");
        doc.putArray("servers").addObject().put("url", "/");
        ObjectNode paths = doc.putObject("paths");
        ObjectNode components = doc.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject("bearer").put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT");
        ObjectNode oauth = schemes.putObject("partner");
        oauth.put("type", "oauth2");
        oauth.putObject("flows").putObject("clientCredentials")
                .put("tokenUrl", realmUrl + "/protocol/openid-connect/token").putObject("scopes");
        doc.putArray("security").addObject().putArray("bearer");
        ArrayNode tags = doc.putArray("tags");
        ArrayNode unavailable = doc.putArray("x-lifeline-unavailable");
        for (Map.Entry<String, UpstreamResponse> result : results) {
            String service = result.getKey();
            UpstreamResponse response = result.getValue();
            JsonNode part;
            try {
                part = response.status() == 200 ? mapper.readTree(response.body().getBytes()) : null;
            } catch (java.io.IOException e) {
                part = null;
            }
            if (part == null || !part.has("paths")) {
                unavailable.add(service);
                continue;
            }
            String prefix = service + "_";
            rename(part, prefix);
            part.get("paths").fields().forEachRemaining(p -> {
                JsonNode operations = p.getValue().deepCopy();
                operations.fields().forEachRemaining(op -> {
                    if (op.getValue() instanceof ObjectNode operation) {
                        operation.remove("security");
                    }
                });
                paths.set(p.getKey(), operations);
            });
            JsonNode partSchemas = part.path("components").path("schemas");
            partSchemas.fields().forEachRemaining(s -> schemas.set(prefix + s.getKey(), s.getValue()));
            part.path("tags").forEach(tag -> tags.add(tag));
        }
        overview(paths, tags);
        return doc;
    }

    /** The gateway's own API route, so that every route is in the document (security-tests, OWASP API9). */
    private void overview(ObjectNode paths, ArrayNode tags) {
        ObjectNode get = paths.putObject("/api/households/{id}/overview").putObject("get");
        get.putArray("tags").add("gateway");
        get.put("summary", "The household from every service at once");
        get.put("description", "Asks residents (the owner, which decides access), testing, supplies and medical in parallel "
                + "with the caller's token and answers within gateway.overview.deadline with the parts it got and the "
                + "unavailable ones (gateway/README.md, Household overview).");
        ObjectNode id = get.putArray("parameters").addObject();
        id.put("name", "id").put("in", "path").put("required", true);
        id.putObject("schema").put("type", "string").put("format", "uuid");
        ObjectNode responses = get.putObject("responses");
        responses.putObject("200").put("description", "{householdId, parts: {service: part}, unavailable: [{part, reason, status?}]}")
                .putObject("content").putObject("application/json").putObject("schema").put("type", "object");
        for (String[] status : new String[][] { { "401", "no valid token" }, { "403", "role not allowed" },
                { "404", "not a household the caller may see" }, { "429", "over the rate limit" },
                { "503", "the owner (residents) did not answer" } }) {
            responses.putObject(status[0]).put("description", status[1]).putObject("content")
                    .putObject("application/problem+json").putObject("schema").put("type", "object");
        }
        tags.addObject().put("name", "gateway").put("description", "Routes the gateway answers itself");
    }

    /** Rewrites every {@code $ref} to a component schema of this service's document. */
    private static void rename(JsonNode node, String prefix) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#/components/schemas/")) {
                object.set("$ref", TextNode.valueOf("#/components/schemas/" + prefix
                        + ref.asText().substring("#/components/schemas/".length())));
            }
            Iterator<JsonNode> children = object.elements();
            while (children.hasNext()) {
                rename(children.next(), prefix);
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> rename(child, prefix));
        }
    }

    private String responsesJson(ObjectNode doc) {
        try {
            return mapper.writeValueAsString(doc);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
