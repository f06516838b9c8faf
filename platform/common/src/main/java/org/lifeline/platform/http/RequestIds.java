package org.lifeline.platform.http;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;
import org.lifeline.platform.problem.Problems;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} (set by the gateway) when it is sane,
 * else a new one. The id is echoed in the response, put in the log context ({@code %X{requestId}})
 * and seen by the problem+json mappers.
 */
@ApplicationScoped
public class RequestIds {

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 10).handler(rc -> {
            String id = rc.request().getHeader(Problems.REQUEST_ID_HEADER);
            if (id == null || !SANE.matcher(id).matches()) {
                id = UUID.randomUUID().toString();
                rc.request().headers().set(Problems.REQUEST_ID_HEADER, id);
            }
            rc.response().headers().set(Problems.REQUEST_ID_HEADER, id);
            MDC.put("requestId", id);
            rc.next();
        });
    }
}
