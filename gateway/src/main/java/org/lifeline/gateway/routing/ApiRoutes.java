package org.lifeline.gateway.routing;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Registers the gateway's routes in a fixed order: headers, body limit, services, overview, API docs, portal config, then 404 for the rest of /api. */
@ApplicationScoped
public class ApiRoutes {

    @Inject
    GatewayRoutes services;

    @Inject
    HouseholdOverview overview;

    @Inject
    ApiDocs docs;

    @Inject
    SecurityHeaders headers;

    @Inject
    BodyLimit bodyLimit;

    @Inject
    PortalRoutes portal;

    void register(@Observes Router router) {
        headers.register(router);
        bodyLimit.register(router);
        services.register(router);
        overview.register(router);
        docs.register(router);
        portal.register(router);
        services.notFound(router);
    }
}
