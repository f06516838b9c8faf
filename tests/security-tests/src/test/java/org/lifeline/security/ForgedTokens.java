package org.lifeline.security;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.lifeline.servers.SharedServers;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Tokens a caller must never get through: built from a real token by hand (JDK crypto and Base64 only), or real
 * tokens from Keycloak that are wrong for Lifeline (another realm, another audience, another issuer).
 */
final class ForgedTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder D64 = Base64.getUrlDecoder();
    private static final KeyPair ATTACKER;

    static {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            ATTACKER = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private ForgedTokens() {
    }

    static ObjectNode header(String token) {
        return part(token, 0);
    }

    static ObjectNode payload(String token) {
        return part(token, 1);
    }

    private static ObjectNode part(String token, int index) {
        try {
            return (ObjectNode) Http.JSON.readTree(D64.decode(token.split("\\.")[index]));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same header and claims, signed RS256 with an attacker's key (the real key id kept). */
    static String resigned(ObjectNode header, ObjectNode payload) {
        String signingInput = encode(header) + "." + encode(payload);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(ATTACKER.getPrivate());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A real token with one claim changed and its signature kept: the signature no longer matches. */
    static String tampered(String real, String claim, String value) {
        ObjectNode payload = payload(real);
        payload.put(claim, value);
        String[] parts = real.split("\\.");
        return parts[0] + "." + encode(payload) + "." + parts[2];
    }

    /** {@code alg: none}, no signature. */
    static String unsigned(String real) {
        ObjectNode header = header(real);
        header.put("alg", "none");
        return encode(header) + "." + encode(payload(real)) + ".";
    }

    /** HS256 "signed" with the realm's public key as the shared secret (algorithm confusion). */
    static String hmacWithPublicKeyAsSecret(String real, byte[] publicKey) {
        ObjectNode header = header(real);
        header.put("alg", "HS256");
        String signingInput = encode(header) + "." + encode(payload(real));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(publicKey, "HmacSHA256"));
            return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String encode(ObjectNode node) {
        return B64.encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A token of the Keycloak master realm (its admin-cli client and bootstrap admin): another realm. */
    static String masterRealmToken() {
        return token(SharedServers.keycloakUrl() + "/realms/master", Map.of("grant_type", "password",
                "client_id", "admin-cli", "username", "admin", "password", "admin"));
    }

    /** A real token of the lifeline realm issued to a client that is not a Lifeline client (no lifeline-api audience). */
    static String lifelineRealmTokenWithoutApiAudience(String username) {
        return token(SharedServers.realmUrl(), Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", username, "password", "lifeline"));
    }

    /**
     * A real, validly signed token of the lifeline realm, asked for at another host name of the same Keycloak
     * ({@code 127.0.0.1} instead of {@code localhost}): its {@code iss} differs from the one the services trust.
     */
    static String lifelineTokenWithOtherIssuer(String username) {
        String url = SharedServers.realmUrl().replace("://localhost", "://127.0.0.1");
        return token(url, Map.of("grant_type", "password", "client_id", "lifeline-cli",
                "username", username, "password", "lifeline", "scope", "openid"));
    }

    static String adminToken() {
        return masterRealmToken();
    }

    static String token(String realmUrl, Map<String, String> form) {
        HttpResponse<String> response = post(realmUrl + "/protocol/openid-connect/token", form);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token at " + realmUrl + ": " + response.statusCode() + " " + response.body());
        }
        try {
            return Http.JSON.readTree(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> post(String url, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
