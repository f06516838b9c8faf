package org.lifeline.gateway.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.gateway.config.GatewayConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The streaming paths of all routes ({@code gateway.routes.<svc>.streaming.paths}), checked at start:
 * each must lie under its route's prefix. A path matches a prefix as the router matches it: the prefix
 * itself or anything below it ({@code /api/residents/imports}, {@code /api/residents/imports/42}), never
 * a mere string prefix ({@code /api/residents/importsX}). {@link BodyLimit} and {@link GatewayRoutes}
 * both ask this class, so the body limit and the route that handles a path always agree.
 */
@ApplicationScoped
public class StreamingPaths {

    /** One streaming prefix of a route. */
    public record Path(String service, String prefix, GatewayConfig.Route route) {

        boolean matches(String path) {
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
    }

    private final List<Path> paths;

    @Inject
    StreamingPaths(GatewayConfig config) {
        this(config.routes());
    }

    StreamingPaths(Map<String, GatewayConfig.Route> routes) {
        List<Path> all = new ArrayList<>();
        routes.forEach((service, route) -> {
            String routePrefix = trim(route.prefix());
            for (String configured : route.streaming().paths().orElse(List.of())) {
                String prefix = trim(configured.trim());
                if (!prefix.startsWith("/") || !(prefix.equals(routePrefix) || prefix.startsWith(routePrefix + "/"))) {
                    throw new IllegalStateException("gateway.routes." + service + ".streaming.paths: '" + configured
                            + "' is not under the route's prefix " + routePrefix);
                }
                all.add(new Path(service, prefix, route));
            }
            if (route.streaming().maxConcurrent() < 1) {
                throw new IllegalStateException("gateway.routes." + service + ".streaming.max-concurrent must be at least 1");
            }
        });
        all.sort(Comparator.comparingInt((Path p) -> p.prefix().length()).reversed());
        this.paths = List.copyOf(all);
    }

    /** The streaming prefixes of one route. */
    public List<Path> of(String service) {
        return paths.stream().filter(p -> p.service().equals(service)).toList();
    }

    /** The streaming prefix this (normalised) request path falls under, if any; the longest one wins. */
    public Optional<Path> match(String path) {
        if (path == null) {
            return Optional.empty();
        }
        return paths.stream().filter(p -> p.matches(path)).findFirst();
    }

    private static String trim(String prefix) {
        return prefix.replaceAll("/+$", "");
    }
}
