package org.lifeline.gateway.routing;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Security headers on every answer: no MIME sniffing, no framing, no referrer, a strict Content
 * Security Policy (the API docs page gets the little it needs), and HSTS when the request came over
 * TLS (directly or as told by the ingress in X-Forwarded-Proto).
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";
    static final String DOCS_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "connect-src 'self'; frame-ancestors 'none'";

    void register(Router router) {
        router.route().order(Integer.MIN_VALUE + 20).handler(rc -> {
            boolean docs = rc.request().path().startsWith("/api-docs");
            rc.addHeadersEndHandler(v -> {
                var headers = rc.response().headers();
                headers.set("X-Content-Type-Options", "nosniff");
                headers.set("X-Frame-Options", "DENY");
                headers.set("Referrer-Policy", "no-referrer");
                headers.set("Content-Security-Policy", docs ? DOCS_CSP : API_CSP);
                if (rc.request().isSSL() || "https".equalsIgnoreCase(rc.request().getHeader("X-Forwarded-Proto"))) {
                    headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
                }
            });
            rc.next();
        });
    }
}
