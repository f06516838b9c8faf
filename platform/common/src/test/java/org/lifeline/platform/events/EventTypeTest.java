package org.lifeline.platform.events;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventTypeTest {

    @Test
    void shouldTakeTheSourceFromTheTopicsOwner() {
        EventType t = EventType.of("lifeline.residents.household.v1", "org.lifeline.residents.HouseholdChanged.v1");
        assertEquals("/lifeline/residents", t.source());
    }

    @Test
    void shouldRefuseATypeOfAnotherOwnerOrATopicOutsideTheNaming() {
        assertThrows(IllegalArgumentException.class,
                () -> EventType.of("lifeline.residents.household.v1", "org.lifeline.testing.ResultRecorded.v1"));
        assertThrows(IllegalArgumentException.class, () -> EventType.of("households", "org.lifeline.residents.X.v1"));
    }
}
