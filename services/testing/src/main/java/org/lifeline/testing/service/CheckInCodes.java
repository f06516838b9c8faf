package org.lifeline.testing.service;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.lifeline.platform.config.ProductionSecrets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * A person's check-in code for a campaign (the QR payload on the resident's phone):
 * {@code LL1.<campaign>.<person>.<mac>}, the MAC an HMAC-SHA256 under {@code testing.checkin.key},
 * so a code cannot be made up or moved to another person or campaign. It carries no personal data.
 */
@ApplicationScoped
public class CheckInCodes {

    /** The person and campaign a valid code names. */
    public record Decoded(UUID campaignId, UUID personId) {
    }

    /** The key of the local stack and tests only: a production start refuses it (see {@link ProductionSecrets}). */
    static final String LOCAL_KEY = "local-only-check-in-key-change-me";

    @ConfigProperty(name = "testing.checkin.key")
    Optional<String> configuredKey;

    private volatile String key;

    /** Refuses to start in production without a real key, rather than signing codes anyone could make. */
    void start(@Observes StartupEvent event) {
        key();
    }

    private String key() {
        String current = key;
        if (current == null) {
            current = ProductionSecrets.require(configuredKey, LOCAL_KEY, 32, ProductionSecrets.localStack(),
                    "TESTING_CHECKIN_KEY", "核酸检测签到码的 HMAC 密钥", "the HMAC key of test check-in codes");
            key = current;
        }
        return current;
    }

    public String code(UUID campaignId, UUID personId) {
        return "LL1." + campaignId + "." + personId + "." + mac(campaignId + "." + personId);
    }

    /** @return the decoded code, or null if it is not a valid code */
    public Decoded decode(String code) {
        if (code == null) {
            return null;
        }
        String[] parts = code.strip().split("\\.");
        if (parts.length != 4 || !parts[0].equals("LL1")) {
            return null;
        }
        try {
            UUID campaign = UUID.fromString(parts[1]);
            UUID person = UUID.fromString(parts[2]);
            String expected = mac(campaign + "." + person);
            if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), parts[3].getBytes(StandardCharsets.US_ASCII))) {
                return null;
            }
            return new Decoded(campaign, person);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sum = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sum).substring(0, 22);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
