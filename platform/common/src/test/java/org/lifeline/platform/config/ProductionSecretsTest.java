package org.lifeline.platform.config;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A production service refuses a missing, known or short key; the local stack runs on its default. */
class ProductionSecretsTest {

    private static final String LOCAL = "local-only-key-change-me";

    private static String production(Optional<String> configured) {
        return ProductionSecrets.require(configured, LOCAL, 32, false, "TESTING_CHECKIN_KEY", "签到码密钥", "check-in code key");
    }

    @Test
    void shouldRefuseAMissingOrBlankKeyInProductionNamingTheVariableChineseFirst() {
        for (Optional<String> missing : java.util.List.of(Optional.<String>empty(), Optional.of("  "))) {
            String message = assertThrows(IllegalStateException.class, () -> production(missing)).getMessage();
            assertTrue(message.startsWith("服务拒绝启动：TESTING_CHECKIN_KEY 未设置"), message);
            assertTrue(message.contains("The service refuses to start: TESTING_CHECKIN_KEY is not set"), message);
        }
    }

    @Test
    void shouldRefuseTheLocalDefaultAndAShortKeyInProduction() {
        assertTrue(assertThrows(IllegalStateException.class, () -> production(Optional.of(LOCAL))).getMessage()
                .contains("仍是源代码中的本地默认值"));
        assertTrue(assertThrows(IllegalStateException.class, () -> production(Optional.of("short-but-secret")))
                .getMessage().contains("短于 32 个字符"));
    }

    @Test
    void shouldUseAConfiguredKeyInProductionAndTheDefaultOnlyLocally() {
        String key = "x".repeat(16) + "-a-real-secret-from-a-k8s-secret";
        assertEquals(key, production(Optional.of(" " + key + " ")));
        assertEquals(LOCAL, ProductionSecrets.require(Optional.empty(), LOCAL, 32, true, "E", "z", "e"));
        assertEquals("mine", ProductionSecrets.require(Optional.of("mine"), LOCAL, 32, true, "E", "z", "e"));
    }
}
