package org.lifeline.residents.event;

import org.lifeline.platform.events.EventType;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code org.lifeline.residents.SurveyVisitRecorded.v1} on {@code lifeline.residents.survey.v1} (key:
 * household id): what other services need (which needs exist, as plain Chinese labels and codes; where the
 * household is, so co-governance can post a follow-up visit for one not reached). No names or phone numbers,
 * and no health details (symptoms, medication, dialysis days, due date): those stay in residents, for health
 * roles only (issue 18 item 6).
 */
public record SurveyVisitRecorded(UUID roundId, UUID householdId, String householdCode, String placePath, boolean visited,
        String notVisitedReason, int present, List<String> needs, List<String> needCodes, String suppliesNeeds,
        OffsetDateTime recordedAt) {

    public static final String TYPE = "org.lifeline.residents.SurveyVisitRecorded.v1";
    public static final EventType EVENT = EventType.of(ResidentsTopics.SURVEY, TYPE);
}
