package org.lifeline.gateway.routing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which address a caller without a token is limited by: the peer, or X-Forwarded-For behind a trusted proxy. */
class ClientAddressesTest {

    private final ClientAddresses behindIngress = new ClientAddresses(List.of("10.42.0.0/16", "fd00::/8"));

    @Test
    void shouldUseThePeerWhenNoProxyIsTrusted() {
        assertEquals("10.42.1.5", new ClientAddresses(List.of()).of("10.42.1.5", List.of("203.0.113.7")));
    }

    @Test
    void shouldIgnoreTheHeaderFromAnUntrustedPeer() {
        assertEquals("198.51.100.4", behindIngress.of("198.51.100.4", List.of("203.0.113.7")));
    }

    @Test
    void shouldTakeTheRightmostUntrustedHopBehindATrustedProxy() {
        assertEquals("203.0.113.7", behindIngress.of("10.42.1.5", List.of("203.0.113.7")));
        // a client's forged left part is not believed: the ingress appended the address it saw
        assertEquals("203.0.113.8", behindIngress.of("10.42.1.5", List.of("1.2.3.4, 203.0.113.8")));
        // two trusted hops, and the header sent twice
        assertEquals("203.0.113.9", behindIngress.of("10.42.1.5", List.of("203.0.113.9", "10.42.7.7")));
        assertEquals("2001:db8:0:0:0:0:0:1", behindIngress.of("fd00:0:0:0:0:0:0:2", List.of("2001:db8::1")));
    }

    @Test
    void shouldStopAtAMalformedEntryOrAMissingHeader() {
        assertEquals("10.42.1.5", behindIngress.of("10.42.1.5", List.of()));
        assertEquals("10.42.1.5", behindIngress.of("10.42.1.5", List.of("evil.example.org")));
        assertEquals("10.42.3.3", behindIngress.of("10.42.1.5", List.of("203.0.113.7, unknown, 10.42.3.3")));
    }

    @Test
    void shouldRefuseAMalformedRange() {
        assertThrows(IllegalStateException.class, () -> new ClientAddresses(List.of("10.0.0.0/33")));
        assertThrows(IllegalStateException.class, () -> new ClientAddresses(List.of("ingress.local")));
    }
}
