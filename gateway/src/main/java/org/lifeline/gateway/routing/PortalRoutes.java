package org.lifeline.gateway.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.gateway.config.GatewayConfig;

import java.net.URI;
import java.util.Map;

/**
 * The web portal: its static files come from the {@code lifeline-portal} jar ({@code META-INF/resources},
 * served by Quarkus at {@code /} without a token; only {@code /api/**} needs one). Here: the little the
 * browser code must know to sign in ({@code /portal-config.json}: the realm URL and the public client), and
 * the origin of Keycloak, which the portal's Content Security Policy allows to be called (token endpoint).
 */
@ApplicationScoped
public class PortalRoutes {

    @Inject
    GatewayConfig config;

    @Inject
    ObjectMapper mapper;

    void register(Router router) {
        router.get("/portal-config.json").handler(rc -> {
            try {
                rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                        .end(mapper.writeValueAsString(Map.of(
                                "authUrl", config.portal().authUrl().replaceAll("/+$", ""),
                                "clientId", config.portal().clientId())));
            } catch (java.io.IOException e) {
                rc.fail(e);
            }
        });
    }

    /** {@code scheme://host[:port]} of the realm URL the browser signs in at. */
    String authOrigin() {
        URI uri = URI.create(config.portal().authUrl());
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
