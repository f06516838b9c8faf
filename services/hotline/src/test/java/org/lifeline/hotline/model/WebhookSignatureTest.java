package org.lifeline.hotline.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook's HMAC and the phone formats a message's sender may come in. */
class WebhookSignatureTest {

    @Test
    void shouldAcceptOnlyTheBodysSignatureWithTheSecretWithinTheSkew() {
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        String ts = String.valueOf(now.getEpochSecond());
        String body = "{\"messageId\":\"m1\"}";
        String sig = WebhookSignature.sign("s3cret", ts, body);
        assertTrue(sig.matches("sha256=[0-9a-f]{64}"), sig);
        assertTrue(WebhookSignature.valid("s3cret", ts, sig, body, now.plusSeconds(299), Duration.ofMinutes(5)));
        assertFalse(WebhookSignature.valid("s3cret", ts, sig, body + " ", now, Duration.ofMinutes(5)));
        assertFalse(WebhookSignature.valid("other", ts, sig, body, now, Duration.ofMinutes(5)));
        assertFalse(WebhookSignature.valid("s3cret", ts, sig, body, now.plusSeconds(301), Duration.ofMinutes(5)));
        assertFalse(WebhookSignature.valid("s3cret", ts, sig, body, now.minusSeconds(301), Duration.ofMinutes(5)));
        assertFalse(WebhookSignature.valid("", ts, sig, body, now, Duration.ofMinutes(5)));
        assertFalse(WebhookSignature.valid("s3cret", "abc", sig, body, now, Duration.ofMinutes(5)));
    }

    @Test
    void shouldNormaliseAPhoneNumberWhateverItsFormat() {
        for (String phone : new String[] { "13912345678", "+86 139 1234 5678", "0086-139-1234-5678", "86 13912345678",
                "+86-139-1234-5678" }) {
            assertEquals("13912345678", WebhookSignature.normalisePhone(phone), phone);
        }
        assertEquals("02988881234", WebhookSignature.normalisePhone("029-8888 1234"));
    }
}
