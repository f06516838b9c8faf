package org.lifeline.medical.model;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The triage rules as the README documents them (a hotline ticket's urgency too); the webhook allow-list. */
class TriageTest {

    @Test
    void shouldTriageByCategoryAndAnswers() {
        assertEquals("critical", Triage.severity("chest-pain-stroke", Map.of()));
        assertEquals("critical", Triage.severity("labour-pregnancy", Map.of()));
        assertEquals("urgent", Triage.severity("labour-pregnancy", Map.of("inLabour", false)));
        assertEquals("critical", Triage.severity("labour-pregnancy", Map.of("inLabour", false, "bleeding", true)));
        assertEquals("urgent", Triage.severity("dialysis", Map.of("hoursSinceLastDialysis", 48)));
        assertEquals("critical", Triage.severity("dialysis", Map.of("hoursSinceLastDialysis", 72)));
        assertEquals("urgent", Triage.severity("child-fever", Map.of("temperatureC", 39.2, "childAgeMonths", 24)));
        assertEquals("critical", Triage.severity("child-fever", Map.of("temperatureC", 38.5, "childAgeMonths", 2)));
        assertEquals("critical", Triage.severity("mental-health", Map.of("selfHarmRisk", true)));
        assertEquals("urgent", Triage.severity("chemotherapy", Map.of()));
        assertEquals("standard", Triage.severity("chronic-medication", Map.of("daysOfMedicationLeft", 5)));
        assertEquals("urgent", Triage.severity("chronic-medication", Map.of("daysOfMedicationLeft", 1)));
        assertEquals("critical", Triage.severity("chronic-medication", Map.of("breathingDifficulty", true)));
        assertEquals("critical", Triage.severity("other", Map.of("conscious", false)));
        assertEquals("standard", Triage.severity("other", Map.of()));
    }

    @Test
    void shouldTakeTheSeverityOfAHotlineTicketFromItsUrgency() {
        assertEquals("critical", Triage.severityOfUrgency("life-safety"));
        assertEquals("urgent", Triage.severityOfUrgency("utilities"));
        assertEquals("standard", Triage.severityOfUrgency("general"));
        assertEquals("standard", Triage.severityOfUrgency("complex"));
        assertEquals("standard", Triage.severityOfUrgency(null));
    }

    @Test
    void shouldClimbTheLadderAlongTheHouseholdsPath() {
        String path = "/6101/610113/610113001/610113001001/610113001001-01/610113001001-01-01/";
        assertEquals("610113001001", Levels.code(path, "community"));
        assertEquals("610113001", Levels.code(path, "street"));
        assertEquals("6101", Levels.code(path, "city"));
        assertEquals("/6101/610113/", Levels.path(path, "district"));
        assertEquals("street", Levels.next("community"));
        assertEquals(null, Levels.next("city"));
    }

    @Test
    void shouldCallOnlyAllowedWebhookHosts() {
        java.util.List<String> hosts = java.util.List.of("hooks.health.example.org");
        assertTrue(org.lifeline.medical.client.WebhookClient.allowed("https://hooks.health.example.org/medical", hosts));
        assertTrue(org.lifeline.medical.client.WebhookClient.allowed("https://HOOKS.health.example.org/x", hosts));
        assertFalse(org.lifeline.medical.client.WebhookClient.allowed("https://evil.example.org/x", hosts));
        assertFalse(org.lifeline.medical.client.WebhookClient.allowed("https://hooks.health.example.org.evil.io/", hosts));
        assertFalse(org.lifeline.medical.client.WebhookClient.allowed("https://u@hooks.health.example.org/", hosts));
        assertFalse(org.lifeline.medical.client.WebhookClient.allowed("file:///etc/passwd", hosts));
        assertFalse(org.lifeline.medical.client.WebhookClient.allowed("none", hosts));
    }
}
