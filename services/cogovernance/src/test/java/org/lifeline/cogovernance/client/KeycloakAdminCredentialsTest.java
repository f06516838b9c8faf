package org.lifeline.cogovernance.client;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No fallback account: without its client's credentials co-governance refuses to start and says which to set. */
class KeycloakAdminCredentialsTest {

    @Test
    void shouldRefuseToStartWithoutASecretNamingTheVariableInChineseAndEnglish() {
        IllegalStateException refusal = assertThrows(IllegalStateException.class,
                () -> KeycloakAdminCredentials.require(Optional.of("lifeline-cogovernance"), Optional.empty()));
        String message = refusal.getMessage();
        assertTrue(message.startsWith("协同治理服务拒绝启动"), message);
        assertTrue(message.contains("Co-governance refuses to start"), message);
        assertTrue(message.contains("COGOVERNANCE_KEYCLOAK_CLIENT_SECRET"), message);
        assertFalse(message.contains("COGOVERNANCE_KEYCLOAK_CLIENT_ID"), "the id is set: " + message);
        assertFalse(message.contains("admin/admin"), message);
    }

    @Test
    void shouldRefuseABlankSecretAndAMissingClientId() {
        String message = assertThrows(IllegalStateException.class,
                () -> KeycloakAdminCredentials.require(Optional.of(" "), Optional.of(" "))).getMessage();
        assertTrue(message.contains("COGOVERNANCE_KEYCLOAK_CLIENT_ID, COGOVERNANCE_KEYCLOAK_CLIENT_SECRET"), message);
    }

    @Test
    void shouldRefuseAtStartupThroughTheStartupObserver() {
        KeycloakAdminCredentials credentials = new KeycloakAdminCredentials();
        credentials.clientId = Optional.of("lifeline-cogovernance");
        credentials.clientSecret = Optional.empty();
        assertThrows(IllegalStateException.class, () -> credentials.check(null));
    }

    @Test
    void shouldUseTheConfiguredClient() {
        KeycloakAdminCredentials.Credentials credentials = KeycloakAdminCredentials.require(Optional.of("lifeline-cogovernance"),
                Optional.of("s3cret"));
        assertEquals("lifeline-cogovernance", credentials.clientId());
        assertEquals("s3cret", credentials.clientSecret());
    }
}
