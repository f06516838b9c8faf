package org.lifeline.cogovernance.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a pass offline, as a guard's phone does: it needs only the published JWKS
 * ({@code /api/cogovernance/passes/jwks.json}) and the last fetched revocation list
 * ({@code /api/cogovernance/passes/revocations}); no private key, no call to the service. Depends on the JDK
 * and Jackson only, so it can be copied into a verifier app.
 *
 * <p>Order of the checks: the token's form, a known key, the signature (anything changed: {@code tampered}),
 * then revocation, the time window and the checkpoint's area.
 */
public final class PassVerifier {

    public enum Verdict {
        VALID, MALFORMED, UNKNOWN_KEY, TAMPERED, REVOKED, NOT_YET_VALID, EXPIRED, WRONG_AREA
    }

    /** The answer: the verdict, why (English and Chinese) and, when signed by us, what the pass says. */
    public record Result(Verdict verdict, String reason, String reasonZh, Claims claims) {
        public boolean valid() {
            return verdict == Verdict.VALID;
        }
    }

    /** What a pass says about its holder. */
    public record Claims(String passId, String holderName, String holderKind, List<String> areaCodes, List<String> areaPaths,
            Instant validFrom, Instant validUntil) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, PublicKey> keys;
    private final Set<String> revoked;

    private PassVerifier(Map<String, PublicKey> keys, Set<String> revoked) {
        this.keys = keys;
        this.revoked = revoked;
    }

    /** The DER prefix of an Ed25519 public key (X.509 SubjectPublicKeyInfo) before its 32 raw bytes. */
    public static final byte[] X509_PREFIX = { 0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00 };

    /**
     * @param jwks the JWKS document as published
     * @param revocations the revocation list document as published ({@code revoked[].passId})
     */
    public static PassVerifier of(String jwks, String revocations) {
        try {
            Map<String, PublicKey> keys = new HashMap<>();
            for (JsonNode key : JSON.readTree(jwks).path("keys")) {
                if ("OKP".equals(key.path("kty").asText()) && "Ed25519".equals(key.path("crv").asText())) {
                    byte[] raw = Base64.getUrlDecoder().decode(key.path("x").asText());
                    byte[] der = new byte[X509_PREFIX.length + raw.length];
                    System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
                    System.arraycopy(raw, 0, der, X509_PREFIX.length, raw.length);
                    keys.put(key.path("kid").asText(), KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
                }
            }
            Set<String> revoked = new java.util.HashSet<>();
            if (revocations != null) {
                for (JsonNode entry : JSON.readTree(revocations).path("revoked")) {
                    revoked.add(entry.path("passId").asText());
                }
            }
            return new PassVerifier(Map.copyOf(keys), Set.copyOf(revoked));
        } catch (Exception e) {
            throw new IllegalArgumentException("not a JWKS / revocation list: " + e.getMessage(), e);
        }
    }

    /**
     * @param token the compact JWS from the QR code
     * @param checkpointCode the place code of the checkpoint (may be null when unknown)
     * @param checkpointPath the place path of the checkpoint (may be null when unknown); one of the two is needed
     */
    public Result verify(String token, String checkpointCode, String checkpointPath, Instant now) {
        String[] parts = token == null ? new String[0] : token.trim().split("\\.", -1);
        if (parts.length != 3) {
            return result(Verdict.MALFORMED, "Not a pass (not a compact JWS).", "不是有效的通行证格式。", null);
        }
        JsonNode header;
        JsonNode payload;
        byte[] signatureBytes;
        try {
            header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            signatureBytes = Base64.getUrlDecoder().decode(parts[2]);
        } catch (Exception e) {
            return result(Verdict.TAMPERED, "The pass cannot be read: it was altered or damaged.", "通行证内容无法读取，可能被篡改或损坏。", null);
        }
        if (!"EdDSA".equals(header.path("alg").asText())) {
            return result(Verdict.TAMPERED, "The pass is not signed with the expected algorithm.", "通行证签名算法不符。", null);
        }
        PublicKey key = keys.get(header.path("kid").asText());
        if (key == null) {
            return result(Verdict.UNKNOWN_KEY, "The pass was signed with a key that is not published (refresh the keys).",
                    "通行证的签名密钥未公布（请更新公钥）。", null);
        }
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(signatureBytes)) {
                return result(Verdict.TAMPERED, "The signature does not match: the pass was altered or forged.",
                        "签名不符：通行证被篡改或伪造。", null);
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return result(Verdict.TAMPERED, "The signature does not match: the pass was altered or forged.",
                    "签名不符：通行证被篡改或伪造。", null);
        }
        Claims claims = claims(payload);
        if (revoked.contains(claims.passId())) {
            return result(Verdict.REVOKED, "The pass was revoked.", "通行证已被吊销。", claims);
        }
        if (now.isBefore(claims.validFrom())) {
            return result(Verdict.NOT_YET_VALID, "The pass is valid only from " + claims.validFrom() + ".",
                    "通行证自 " + claims.validFrom() + " 起生效。", claims);
        }
        if (!now.isBefore(claims.validUntil())) {
            return result(Verdict.EXPIRED, "The pass expired at " + claims.validUntil() + ".",
                    "通行证已于 " + claims.validUntil() + " 过期。", claims);
        }
        boolean inArea = (checkpointCode != null && claims.areaCodes().contains(checkpointCode))
                || (checkpointPath != null && claims.areaPaths().stream().anyMatch(checkpointPath::startsWith));
        if (!inArea) {
            return result(Verdict.WRONG_AREA, "The pass is not valid at this checkpoint (areas " + claims.areaCodes() + ").",
                    "该通行证不适用于此卡口（有效区域 " + claims.areaCodes() + "）。", claims);
        }
        return result(Verdict.VALID, "Valid pass.", "通行证有效。", claims);
    }

    private static Claims claims(JsonNode p) {
        List<String> codes = new ArrayList<>();
        p.path("areas").forEach(n -> codes.add(n.asText()));
        List<String> paths = new ArrayList<>();
        p.path("paths").forEach(n -> paths.add(n.asText()));
        return new Claims(p.path("jti").asText(), p.path("name").asText(), p.path("kind").asText(), List.copyOf(codes),
                List.copyOf(paths), Instant.ofEpochSecond(p.path("nbf").asLong()), Instant.ofEpochSecond(p.path("exp").asLong()));
    }

    private static Result result(Verdict verdict, String en, String zh, Claims claims) {
        return new Result(verdict, en, zh, claims);
    }
}
