package org.lifeline.platform.kafka;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaSecurityTest {

    @Test
    void shouldAddNothingWithoutAMechanism() {
        assertEquals(Map.of(), KafkaSecurity.clientProperties(Optional.empty(), Optional.of("u"), Optional.of("p"), Optional.empty()));
        assertEquals(Map.of(), KafkaSecurity.clientProperties(Optional.of(" "), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void shouldLogInWithScramAsTheServicesUser() {
        Map<String, String> props = KafkaSecurity.clientProperties(Optional.of("SCRAM-SHA-512"), Optional.of("lifeline-testing"),
                Optional.of("pa\"ss"), Optional.empty());
        assertEquals("SASL_PLAINTEXT", props.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", props.get("sasl.mechanism"));
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"lifeline-testing\" "
                + "password=\"pa\\\"ss\";", props.get("sasl.jaas.config"));
        assertEquals("SASL_SSL", KafkaSecurity.clientProperties(Optional.of("SCRAM-SHA-512"), Optional.of("u"), Optional.of("p"),
                Optional.of("SASL_SSL")).get("security.protocol"));
    }

    @Test
    void shouldRefuseAMechanismWithoutCredentials() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KafkaSecurity.clientProperties(
                Optional.of("SCRAM-SHA-512"), Optional.of("u"), Optional.empty(), Optional.empty()));
        assertTrue(e.getMessage().contains(KafkaSecurity.PASSWORD), e.getMessage());
        assertThrows(IllegalStateException.class, () -> KafkaSecurity.clientProperties(Optional.of("GSSAPI"), Optional.of("u"),
                Optional.of("p"), Optional.empty()));
    }
}
