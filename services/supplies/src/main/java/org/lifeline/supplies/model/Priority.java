package org.lifeline.supplies.model;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The priority of a waiting order and the order in which a run serves them (documented in the README).
 *
 * <p>Score = status points (sealed 40, controlled 30, precaution 10, normal 0) + 10 per member with a
 * vulnerable-person flag (at most 30) + 20 if an infant under 3 lives there + 1 per full hour waited (at most 24).
 *
 * <p>Fairness between buildings: each building's orders are ranked by score (then the earlier order first);
 * the run then takes round 1 = the best order of every building, round 2 = the second of every building,
 * and so on; inside a round, the higher score first. A building with many orders cannot take all the stock
 * while the one next door gets nothing.
 */
public final class Priority {

    public static final int SEALED = 40;
    public static final int CONTROLLED = 30;
    public static final int PRECAUTION = 10;
    public static final int PER_VULNERABLE = 10;
    public static final int MAX_VULNERABLE = 30;
    public static final int INFANT = 20;
    public static final int MAX_WAITING = 24;
    public static final int INFANT_UNDER_YEARS = 3;
    /** The vulnerable-person flags residents knows (docs/events.md). */
    public static final List<String> VULNERABLE_FLAGS = List.of("living-alone-over-70", "disabled", "pregnant",
            "dialysis", "chronic-illness", "child-without-guardian");

    private Priority() {
    }

    /** A waiting order with what its score is made of. */
    public record Candidate(UUID orderId, String buildingPath, int quantity, OffsetDateTime placedAt,
            String householdStatus, int vulnerableMembers, int infants) {
    }

    /** The score and its parts, as stored with each decision and shown to the household. */
    public record Components(String householdStatus, int statusPoints, int vulnerableMembers, int vulnerablePoints,
            int infants, int infantPoints, long waitedHours, int waitingPoints, int total) {
    }

    /** A candidate in serving order: its place in the run, its building's round and its score. */
    public record Ranked(Candidate candidate, int position, int round, Components components) {
    }

    public static Components score(Candidate c, OffsetDateTime now) {
        String status = c.householdStatus() == null ? "unknown" : c.householdStatus();
        int statusPoints = switch (status) {
            case "sealed" -> SEALED;
            case "controlled" -> CONTROLLED;
            case "precaution" -> PRECAUTION;
            default -> 0;
        };
        int vulnerablePoints = Math.min(MAX_VULNERABLE, PER_VULNERABLE * c.vulnerableMembers());
        int infantPoints = c.infants() > 0 ? INFANT : 0;
        long hours = Math.max(0, Duration.between(c.placedAt(), now).toHours());
        int waitingPoints = (int) Math.min(MAX_WAITING, hours);
        return new Components(status, statusPoints, c.vulnerableMembers(), vulnerablePoints, c.infants(), infantPoints,
                hours, waitingPoints, statusPoints + vulnerablePoints + infantPoints + waitingPoints);
    }

    /** The candidates in serving order: round-robin across buildings, by score inside each building and round. */
    public static List<Ranked> rank(List<Candidate> candidates, OffsetDateTime now) {
        Map<UUID, Components> scores = new LinkedHashMap<>();
        candidates.forEach(c -> scores.put(c.orderId(), score(c, now)));
        Comparator<Candidate> best = Comparator.<Candidate>comparingInt(c -> -scores.get(c.orderId()).total())
                .thenComparing(Candidate::placedAt).thenComparing(Candidate::orderId);
        Map<String, List<Candidate>> byBuilding = new LinkedHashMap<>();
        candidates.forEach(c -> byBuilding.computeIfAbsent(c.buildingPath(), b -> new ArrayList<>()).add(c));
        byBuilding.values().forEach(list -> list.sort(best));
        List<Ranked> ranked = new ArrayList<>(candidates.size());
        for (int round = 0; ranked.size() < candidates.size(); round++) {
            List<Candidate> thisRound = new ArrayList<>();
            for (List<Candidate> list : byBuilding.values()) {
                if (round < list.size()) {
                    thisRound.add(list.get(round));
                }
            }
            thisRound.sort(best);
            for (Candidate c : thisRound) {
                ranked.add(new Ranked(c, ranked.size() + 1, round + 1, scores.get(c.orderId())));
            }
        }
        return ranked;
    }
}
