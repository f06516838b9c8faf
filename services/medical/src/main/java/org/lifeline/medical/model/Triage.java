package org.lifeline.medical.model;

import java.util.Map;
import java.util.Set;

/**
 * Severity from the category and a few answers (the rules are in the README, "Triage"). Any category:
 * unconscious or breathing difficulty → critical. Then per category:
 * <ul>
 *   <li>{@code chest-pain-stroke}: critical</li>
 *   <li>{@code labour-pregnancy}: critical when in labour (default) or bleeding; else urgent</li>
 *   <li>{@code mental-health}: critical with a risk of self-harm; else urgent</li>
 *   <li>{@code dialysis}: critical when the last session was 72 h ago or more; else urgent</li>
 *   <li>{@code child-fever}: critical at 40 °C or more, or a child under 3 months; else urgent</li>
 *   <li>{@code chemotherapy}: urgent</li>
 *   <li>{@code chronic-medication}: urgent when at most 1 day of medication is left; else standard</li>
 *   <li>{@code other}: urgent when bleeding; else standard</li>
 * </ul>
 * A hotline ticket routed to medical has no answers: its urgency gives the severity ({@link #severityOfUrgency}).
 */
public final class Triage {

    public static final Set<String> CATEGORIES = Set.of("labour-pregnancy", "dialysis", "chemotherapy",
            "chest-pain-stroke", "child-fever", "chronic-medication", "mental-health", "other");

    private Triage() {
    }

    public static String severity(String category, Map<String, Object> answers) {
        Map<String, Object> a = answers == null ? Map.of() : answers;
        if (!bool(a, "conscious", true) || bool(a, "breathingDifficulty", false)) {
            return "critical";
        }
        return switch (category) {
            case "chest-pain-stroke" -> "critical";
            case "labour-pregnancy" -> bool(a, "inLabour", true) || bool(a, "bleeding", false) ? "critical" : "urgent";
            case "mental-health" -> bool(a, "selfHarmRisk", false) ? "critical" : "urgent";
            case "dialysis" -> number(a, "hoursSinceLastDialysis", 0) >= 72 ? "critical" : "urgent";
            case "child-fever" -> number(a, "temperatureC", 0) >= 40 || number(a, "childAgeMonths", 999) < 3
                    ? "critical" : "urgent";
            case "chemotherapy" -> "urgent";
            case "chronic-medication" -> number(a, "daysOfMedicationLeft", 99) <= 1 ? "urgent" : "standard";
            default -> bool(a, "bleeding", false) ? "urgent" : "standard";
        };
    }

    /** A hotline ticket's urgency: life-safety → critical, utilities → urgent, any other → standard. */
    public static String severityOfUrgency(String urgency) {
        return switch (urgency == null ? "" : urgency) {
            case "life-safety" -> "critical";
            case "utilities" -> "urgent";
            default -> "standard";
        };
    }

    private static boolean bool(Map<String, Object> a, String key, boolean fallback) {
        Object v = a.get(key);
        return v instanceof Boolean b ? b : v instanceof String s ? Boolean.parseBoolean(s) : fallback;
    }

    private static double number(Map<String, Object> a, String key, double fallback) {
        Object v = a.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }
}
