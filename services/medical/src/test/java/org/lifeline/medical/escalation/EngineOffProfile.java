package org.lifeline.medical.escalation;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The service's own scheduled engine off: the test runs engines by hand, as replicas or a restarted service. */
public class EngineOffProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("medical.escalation.enabled", "false");
    }
}
