package org.lifeline.gateway.routing;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Security headers on every answer: no MIME sniffing, no framing, no referrer, a strict Content
 * Security Policy (the API docs page and the portal get the little they need: the portal its own
 * scripts and styles, images from data: URLs for QR codes, and calls to the gateway and to Keycloak's
 * token endpoint), and HSTS when the request came over TLS (directly or as told by the ingress in
 * X-Forwarded-Proto).
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";
    static final String DOCS_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "connect-src 'self'; frame-ancestors 'none'";

    @Inject
    PortalRoutes portal;

    /** The portal's pages: no inline script or style, nothing from elsewhere but Keycloak (sign-in). */
    String portalCsp() {
        String keycloak = portal.authOrigin();
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
                + "connect-src 'self' " + keycloak + "; manifest-src 'self'; form-action 'self' " + keycloak
                + "; base-uri 'none'; frame-ancestors 'none'";
    }

    void register(Router router) {
        String portalCsp = portalCsp();
        router.route().order(Integer.MIN_VALUE + 20).handler(rc -> {
            String path = rc.request().path();
            boolean docs = path.startsWith("/api-docs");
            boolean api = path.startsWith("/api/") || path.equals("/api") || path.startsWith("/q/");
            rc.addHeadersEndHandler(v -> {
                var headers = rc.response().headers();
                headers.set("X-Content-Type-Options", "nosniff");
                headers.set("X-Frame-Options", "DENY");
                headers.set("Referrer-Policy", "no-referrer");
                headers.set("Content-Security-Policy", docs ? DOCS_CSP : api ? API_CSP : portalCsp);
                if (rc.request().isSSL() || "https".equalsIgnoreCase(rc.request().getHeader("X-Forwarded-Proto"))) {
                    headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
                }
            });
            rc.next();
        });
    }
}
