package org.lifeline.platform.http;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;
import org.lifeline.platform.problem.Problems;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} (set by the gateway) when it is sane,
 * else a new one. The id is echoed in the response, put in the log context ({@code %X{requestId}})
 * and seen by the problem+json mappers and the audit tables. Sane means exactly one header, 1 to 64
 * characters of {@code [A-Za-z0-9._:-]}: a second header (which {@code HttpHeaders.getHeaderString}
 * would join with a comma), a newline, quotes or a 10k-character value never reach a log line or an
 * audit row. The request's header is replaced by the id used, so everything downstream sees one value.
 */
@ApplicationScoped
public class RequestIds {

    /** Longest id kept from a caller. */
    public static final int MAX_LENGTH = 64;

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 10).handler(rc -> {
            String id = sane(rc.request().headers().getAll(Problems.REQUEST_ID_HEADER));
            rc.request().headers().set(Problems.REQUEST_ID_HEADER, id);
            rc.response().headers().set(Problems.REQUEST_ID_HEADER, id);
            MDC.put("requestId", id);
            rc.next();
        });
    }

    /** The caller's id when there is exactly one and it is sane, else a new UUID. */
    public static String sane(List<String> values) {
        if (values != null && values.size() == 1 && SANE.matcher(values.get(0)).matches()) {
            return values.get(0);
        }
        return UUID.randomUUID().toString();
    }
}
