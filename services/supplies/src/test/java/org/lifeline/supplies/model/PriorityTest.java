package org.lifeline.supplies.model;

import org.junit.jupiter.api.Test;
import org.lifeline.supplies.model.Priority.Candidate;
import org.lifeline.supplies.model.Priority.Ranked;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The documented score and the round-robin across buildings, without servers. */
class PriorityTest {

    final OffsetDateTime now = OffsetDateTime.of(2022, 1, 5, 12, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void shouldAddTheDocumentedPointsAndCapThem() {
        Candidate c = new Candidate(UUID.randomUUID(), "/b1/", 1, now.minusHours(30), "controlled", 4, 2);
        Priority.Components s = Priority.score(c, now);
        assertEquals(30, s.statusPoints());
        assertEquals(30, s.vulnerablePoints(), "10 per vulnerable member, at most 30");
        assertEquals(20, s.infantPoints());
        assertEquals(24, s.waitingPoints(), "1 per hour waited, at most 24");
        assertEquals(104, s.total());
        assertEquals(0, Priority.score(new Candidate(UUID.randomUUID(), "/b1/", 1, now, null, 0, 0), now).total());
    }

    @Test
    void shouldTakeTheBestOfEachBuildingPerRound() {
        Candidate a1 = new Candidate(UUID.randomUUID(), "/a/", 1, now.minusHours(1), "sealed", 0, 0);
        Candidate a2 = new Candidate(UUID.randomUUID(), "/a/", 1, now.minusHours(1), "controlled", 0, 0);
        Candidate a3 = new Candidate(UUID.randomUUID(), "/a/", 1, now.minusHours(2), "normal", 0, 0);
        Candidate b1 = new Candidate(UUID.randomUUID(), "/b/", 1, now.minusHours(3), "normal", 0, 0);
        Candidate b2 = new Candidate(UUID.randomUUID(), "/b/", 1, now.minusHours(1), "normal", 0, 0);
        List<Ranked> ranked = Priority.rank(List.of(a3, b2, a2, b1, a1), now);
        assertEquals(List.of(a1, b1, a2, b2, a3), ranked.stream().map(Ranked::candidate).toList());
        assertEquals(List.of(1, 1, 2, 2, 3), ranked.stream().map(Ranked::round).toList());
        assertEquals(List.of(1, 2, 3, 4, 5), ranked.stream().map(Ranked::position).toList());
    }
}
