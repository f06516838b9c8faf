package org.lifeline.residents.event;

import org.lifeline.platform.events.EventType;
import org.lifeline.residents.model.ControlStatus;
import org.lifeline.residents.model.Relation;
import org.lifeline.residents.model.VulnerableFlag;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Data of {@code org.lifeline.residents.HouseholdChanged.v1} on topic {@code lifeline.residents.household.v1}
 * (key: household id). Carries the household's whole current state, so a consumer's read model is
 * one upsert per event; {@code version} orders the states of one household. National ID numbers and
 * phone numbers never travel in events. {@code persons} holds verified persons with their verified flags
 * only: what a resident declared counts (priority, allocation, testing, medical) once staff verify it.
 */
public record HouseholdChanged(
        Change change,
        UUID householdId,
        String code,
        String unitCode,
        String room,
        String placePath,
        String gridCode,
        ControlStatus status,
        String statusReason,
        String statusSource,
        OffsetDateTime statusSince,
        OffsetDateTime statusUntil,
        long version,
        List<Member> persons) {

    public static final String TYPE = "org.lifeline.residents.HouseholdChanged.v1";
    public static final String TOPIC = ResidentsTopics.HOUSEHOLD;
    public static final EventType EVENT = EventType.of(TOPIC, TYPE);

    /** What happened. */
    public enum Change {
        @com.fasterxml.jackson.annotation.JsonProperty("registered") REGISTERED,
        @com.fasterxml.jackson.annotation.JsonProperty("status-changed") STATUS_CHANGED,
        @com.fasterxml.jackson.annotation.JsonProperty("person-added") PERSON_ADDED,
        @com.fasterxml.jackson.annotation.JsonProperty("person-updated") PERSON_UPDATED,
        @com.fasterxml.jackson.annotation.JsonProperty("person-removed") PERSON_REMOVED,
        @com.fasterxml.jackson.annotation.JsonProperty("grid-assigned") GRID_ASSIGNED
    }

    /** A member as other services need it: no ID number, no phone. */
    public record Member(UUID personId, String name, LocalDate birthDate, Relation relation,
            Set<VulnerableFlag> flags) {
    }
}
