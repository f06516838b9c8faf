package org.lifeline.gateway.routing;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import org.lifeline.gateway.config.GatewayConfig;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The address a caller without a token is rate-limited by. It is the TCP peer, unless the peer is one of
 * {@code gateway.trusted-proxies} (the ingress): then {@code X-Forwarded-For} is read from the right, skipping
 * trusted proxies, and the first address that is not one is the client. A peer outside the list cannot choose
 * its own bucket by sending the header; a malformed entry ends the walk at the last trusted hop.
 */
@Singleton
public class ClientAddresses {

    /** An IPv4 or IPv6 literal, nothing a resolver would look up. */
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final List<Cidr> trusted = new ArrayList<>();

    @Inject
    ClientAddresses(GatewayConfig config) {
        this(config.trustedProxies().orElse(List.of()));
    }

    ClientAddresses(List<String> trustedProxies) {
        for (String cidr : trustedProxies) {
            if (!cidr.isBlank()) {
                trusted.add(Cidr.parse(cidr.strip()));
            }
        }
    }

    /** The client's address for rate limiting. */
    public String of(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        return of(peer, request.headers().getAll("X-Forwarded-For"));
    }

    String of(String peer, List<String> forwardedFor) {
        InetAddress hop = parse(peer);
        if (hop == null || !isTrusted(hop)) {
            return peer;
        }
        List<String> chain = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String part : header.split(",")) {
                chain.add(part.strip());
            }
        }
        String client = hop.getHostAddress();
        for (int i = chain.size() - 1; i >= 0; i--) {
            InetAddress address = parse(chain.get(i));
            if (address == null) {
                break;
            }
            client = address.getHostAddress();
            if (!isTrusted(address)) {
                break;
            }
        }
        return client;
    }

    boolean isTrusted(InetAddress address) {
        for (Cidr cidr : trusted) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static InetAddress parse(String literal) {
        String value = literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1) : literal;
        if (!LITERAL.matcher(value).matches() || !(value.contains(":") || value.chars().filter(c -> c == '.').count() == 3)) {
            return null;
        }
        try {
            return InetAddress.getByName(value); // a literal: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** One {@code address/prefix} range (a bare address is /32 or /128). */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            String[] parts = text.split("/", 2);
            InetAddress address = ClientAddresses.parse(parts[0]);
            if (address == null) {
                throw new IllegalStateException("gateway.trusted-proxies: '" + text + "' is not an address or CIDR range");
            }
            int bits = address.getAddress().length * 8;
            int prefix;
            try {
                prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
            } catch (NumberFormatException e) {
                throw new IllegalStateException("gateway.trusted-proxies: '" + text + "' has no valid prefix length");
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalStateException("gateway.trusted-proxies: '" + text + "' has a prefix outside 0.." + bits);
            }
            return new Cidr(address.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (bytes[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s/%d", java.util.Arrays.toString(network), prefix);
        }
    }
}
