package org.lifeline.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.lifeline.servers.ServerProcess;

import java.util.HashMap;
import java.util.Map;

/**
 * Points the gateway's routes at fake upstreams on free ports (the ports travel in system
 * properties, which the tests read), with short timeouts and breaker delays, and adds routes by
 * configuration only: {@code /api/flaky}, {@code /api/slow}, {@code /api/stalled},
 * {@code /api/limited} (a tight rate class) and {@code /api/transfers} (streaming path
 * {@code /api/transfers/files} with a 1 MiB body limit). Residents keeps its streaming paths from
 * application.properties ({@code /api/residents/imports}, {@code /api/residents/exports}, 256M).
 */
public class FakeUpstreamsResource implements QuarkusTestResourceLifecycleManager {

    static final String[] SERVICES = { "residents", "testing", "supplies", "medical", "cogovernance", "hotline", "flaky", "slow",
            "stalled", "limited", "transfers" };

    /** The streaming body limit of {@code /api/transfers/files}. */
    static final long TRANSFERS_LIMIT = 1024 * 1024;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        for (String service : SERVICES) {
            int port = ServerProcess.freePort();
            System.setProperty("fake.port." + service, Integer.toString(port));
            String key = "gateway.routes." + service + ".";
            config.put(key + "prefix", "/api/" + service);
            config.put(key + "upstream", "http://localhost:" + port);
            config.put(key + "timeout", "1s");
            config.put(key + "circuit-breaker.request-volume-threshold", "4");
            config.put(key + "circuit-breaker.failure-ratio", "0.5");
            config.put(key + "circuit-breaker.delay", "2s");
            config.put(key + "circuit-breaker.success-threshold", "1");
        }
        config.put("gateway.routes.limited.rate-class", "tight");
        config.put("gateway.routes.limited.public-paths", "/api/limited/public/keys.json");
        config.put("gateway.rate-limits.tight.users.limit", "3");
        config.put("gateway.rate-limits.tight.users.period", "1m");
        config.put("gateway.rate-limits.tight.partners.limit", "5");
        config.put("gateway.rate-limits.tight.partners.period", "1m");
        config.put("gateway.rate-limits.tight.anonymous.limit", "3");
        config.put("gateway.rate-limits.tight.anonymous.shared-limit", "100");
        // the tests' own address is the trusted proxy; RawHttp.fromAddress(127.0.0.2) is a caller that is not one
        config.put("gateway.trusted-proxies", "127.0.0.1/32,::1");
        config.put("gateway.routes.transfers.streaming.paths", "/api/transfers/files");
        config.put("gateway.routes.transfers.streaming.max-body-size", Long.toString(TRANSFERS_LIMIT));
        config.put("gateway.routes.transfers.openapi", "false");
        config.put("gateway.overview.deadline", "1500ms");
        config.put("gateway.api-docs.cache-for", "0s");
        return config;
    }

    @Override
    public void stop() {
        // the fake upstreams die with the test JVM
    }
}
