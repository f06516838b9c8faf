package org.lifeline.cogovernance.service;

import org.junit.jupiter.api.Test;

import org.lifeline.cogovernance.model.PassVerifier;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A configured private key (as from the Secret) publishes its own public key, and passes it signs verify. */
class PassKeysTest {

    @Test
    void shouldDeriveThePublishedKeyFromTheConfiguredPrivateKey() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        PassKeys keys = new PassKeys();
        keys.configuredKey = Optional.of(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        keys.configuredKeyId = Optional.of("2026-11");
        keys.init();

        @SuppressWarnings("unchecked")
        Map<String, Object> jwk = ((List<Map<String, Object>>) keys.jwks().get("keys")).get(0);
        byte[] der = pair.getPublic().getEncoded();
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(der, der.length - 32, der.length)),
                jwk.get("x"));
        assertEquals("2026-11", jwk.get("kid"));

        long now = java.time.Instant.now().getEpochSecond();
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"EdDSA\",\"kid\":\"2026-11\"}".getBytes());
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"jti\":\"p1\",\"areas\":[\"A\"],\"paths\":[\"/A/\"],"
                + "\"nbf\":" + (now - 10) + ",\"exp\":" + (now + 60) + "}").getBytes());
        String token = keys.sign(header + "." + payload);
        String jwks = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(keys.jwks());
        assertTrue(PassVerifier.of(jwks, "{\"revoked\":[]}").verify(token, "A", null, java.time.Instant.now()).valid());
    }
}
