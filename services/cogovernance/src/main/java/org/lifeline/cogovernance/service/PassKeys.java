package org.lifeline.cogovernance.service;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.lifeline.cogovernance.model.PassVerifier;
import org.lifeline.platform.config.ProductionSecrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Ed25519 key passes are signed with ({@code alg: EdDSA}). In production the private key comes from
 * {@code cogovernance.pass.private-key} (PKCS#8, base64; a Kubernetes Secret); unset, the service refuses to start,
 * except in the local stack and tests ({@link ProductionSecrets#localStack()}), where a key is generated at start. Only the public half leaves the service, as a JWKS.
 */
@ApplicationScoped
public class PassKeys {

    private static final Logger LOG = Logger.getLogger(PassKeys.class);
    /** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519; the raw 32-byte key follows it. */
    static final byte[] X509_PREFIX = PassVerifier.X509_PREFIX;

    @ConfigProperty(name = "cogovernance.pass.private-key")
    Optional<String> configuredKey;

    @ConfigProperty(name = "cogovernance.pass.key-id")
    Optional<String> configuredKeyId;

    private PrivateKey privateKey;
    private PublicKey publicKey;
    private String keyId;

    void start(@Observes StartupEvent event) throws GeneralSecurityException {
        init();
    }

    synchronized void init() throws GeneralSecurityException {
        if (privateKey != null) {
            return;
        }
        if (configuredKey.isPresent() && !configuredKey.get().isBlank()) {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(configuredKey.get())));
            publicKey = publicOf((EdECPrivateKey) privateKey);
        } else if (!ProductionSecrets.localStack()) {
            // a key generated per process would differ between replicas and be gone at the next restart
            throw ProductionSecrets.refusal("COGOVERNANCE_PASS_KEY", "未设置", "is not set",
                    "出入通行证的 Ed25519 签名私钥，PKCS#8、base64", "the Ed25519 private key passes are signed with, PKCS#8, base64");
        } else {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            privateKey = pair.getPrivate();
            publicKey = pair.getPublic();
            LOG.warn("No cogovernance.pass.private-key set: passes are signed with a key generated for this process only");
        }
        keyId = configuredKeyId.filter(s -> !s.isBlank()).orElseGet(() -> thumbprint(rawPublic()));
    }

    public String keyId() {
        return keyId;
    }

    /** The JWKS document (RFC 7517, OKP key of RFC 8037). */
    public Map<String, Object> jwks() {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "OKP");
        jwk.put("crv", "Ed25519");
        jwk.put("use", "sig");
        jwk.put("alg", "EdDSA");
        jwk.put("kid", keyId);
        jwk.put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(rawPublic()));
        return Map.of("keys", List.of(jwk));
    }

    /** The JWKS document's version (its strong ETag): a digest of the key id and the public key. */
    public String jwksVersion() {
        return digest(keyId + "|" + Base64.getUrlEncoder().withoutPadding().encodeToString(rawPublic()));
    }

    /** Signs the JWS signing input ({@code header.payload}) and returns the compact JWS. */
    public String sign(String signingInput) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] rawPublic() {
        byte[] der = publicKey.getEncoded();
        return java.util.Arrays.copyOfRange(der, der.length - 32, der.length);
    }

    /** The public key of an Ed25519 private key (the JDK has no direct call: sign-free derivation via a KeyPairGenerator seeded with it). */
    private static PublicKey publicOf(EdECPrivateKey key) throws GeneralSecurityException {
        byte[] seed = key.getBytes().orElseThrow(() -> new GeneralSecurityException("private key without bytes"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new FixedRandom(seed));
        return generator.generateKeyPair().getPublic();
    }

    private static String thumbprint(byte[] raw) {
        // RFC 7638 thumbprint of the OKP key: SHA-256 over the required members in lexicographic order
        String json = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw) + "\"}";
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A short, stable digest of a text (base64url of SHA-256, 22 characters): versions and ETags. */
    public static String digest(String text) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hands the seed to the key pair generator (Ed25519 private keys are 32 random bytes). */
    private static final class FixedRandom extends java.security.SecureRandom {
        private final byte[] seed;

        FixedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
