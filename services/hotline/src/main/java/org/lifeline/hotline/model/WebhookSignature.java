package org.lifeline.hotline.model;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The webhook's signature: {@code X-Lifeline-Signature: sha256=<hex>}, the HMAC-SHA256 with the shared secret of
 * {@code timestamp + "." + body}, where {@code X-Lifeline-Timestamp} is the epoch second it was sent, accepted within
 * {@code maxSkew} of now (so a captured request cannot be replayed later). Compared in constant time.
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    /** The header value for this secret, timestamp and body (what the gateway sends; tests sign with it). */
    public static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the signature is this body's, with this secret, sent within {@code maxSkew} of {@code now}. */
    public static boolean valid(String secret, String timestamp, String signature, String body, Instant now,
            Duration maxSkew) {
        if (secret == null || secret.isBlank() || timestamp == null || signature == null || body == null
                || !timestamp.matches("[0-9]{1,12}")) {
            return false;
        }
        Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (Duration.between(sent, now).abs().compareTo(maxSkew) > 0) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, timestamp, body).getBytes(StandardCharsets.UTF_8),
                signature.trim().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A phone number as digits only, without the country code of a Chinese mobile: {@code +86 139-1234-5678},
     * {@code 0086 13912345678} and {@code 13912345678} are all {@code 13912345678}.
     */
    public static String normalisePhone(String phone) {
        String digits = phone == null ? "" : phone.replaceAll("[^0-9]", "");
        if (digits.length() == 15 && digits.startsWith("0086")) {
            return digits.substring(4);
        }
        if (digits.length() == 13 && digits.startsWith("86")) {
            return digits.substring(2);
        }
        return digits;
    }
}
