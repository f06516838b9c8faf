package org.lifeline.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.lifeline.servers.ServerProcess;

import java.util.HashMap;
import java.util.Map;

/**
 * Points the gateway's routes at fake upstreams on free ports (the ports travel in system
 * properties, which the test reads), with short timeouts and breaker delays, and adds two routes
 * by configuration only: {@code /api/flaky} and {@code /api/slow}.
 */
public class FakeUpstreamsResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        for (String service : new String[] { "residents", "flaky", "slow" }) {
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
        return config;
    }

    @Override
    public void stop() {
        // the fake upstreams die with the test JVM
    }
}
