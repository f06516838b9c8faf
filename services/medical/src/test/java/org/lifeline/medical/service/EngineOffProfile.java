package org.lifeline.medical.service;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The service's own deadline worker off: the test runs workers by hand, as replicas or a restarted service. */
public class EngineOffProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("lifeline.deadline.enabled", "false");
    }
}
