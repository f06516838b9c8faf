package org.lifeline.cogovernance.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What co-governance reads of the other services' events that put a task on the board (each publisher's
 * docs/events.md): its own records, with only the fields it uses; other fields are ignored.
 */
public final class IncomingTaskEvents {

    private IncomingTaskEvents() {
    }

    public static final String SUPPLIES_ORDER_TOPIC = "lifeline.supplies.order.v1";
    public static final String DELIVERY_TASK_CREATED = "org.lifeline.supplies.DeliveryTaskCreated.v1";
    public static final String MEDICAL_REQUEST_TOPIC = "lifeline.medical.request.v1";
    public static final String GREEN_CHANNEL_REQUESTED = "org.lifeline.medical.GreenChannelPassRequested.v1";
    public static final String TESTING_CAMPAIGN_TOPIC = "lifeline.testing.campaign.v1";
    public static final String HOME_SAMPLING_REQUESTED = "org.lifeline.testing.HomeSamplingRequested.v1";
    public static final String SURVEY_TOPIC = "lifeline.residents.survey.v1";
    public static final String SURVEY_VISIT_RECORDED = "org.lifeline.residents.SurveyVisitRecorded.v1";
    public static final String HOTLINE_TICKET_TOPIC = "lifeline.hotline.ticket.v1";
    public static final String TICKET_OPENED = "org.lifeline.hotline.TicketOpened.v1";
    /** A {@code TicketOpened} route: supplies asked for, no open order of the household, so a volunteer brings them. */
    public static final String ROUTE_DELIVERY_TASK = "delivery-task";

    /** supplies {@code DeliveryTaskCreated.v1}: a door delivery from the compound gate. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeliveryTaskCreated(String orderId, String householdCode, String placePath, String buildingPath,
            String itemCode, String quantity, String handedOverBy) {
    }

    /** medical {@code GreenChannelPassRequested.v1}: an escort to hospital. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record GreenChannelPassRequested(String requestId, String placePath, String hospitalName, String transportKind,
            String vehicle, String severity) {
    }

    /** testing {@code HomeSamplingRequested.v1}: bedridden persons to sample at home on the test day. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HomeSamplingRequested(String campaignId, String householdId, String householdCode, String placePath,
            String gridCode, String persons, String testDate) {
    }

    /** residents {@code SurveyVisitRecorded.v1}: a household visited or not in a door-to-door round. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SurveyVisitRecorded(String roundId, String householdId, String householdCode, String placePath, boolean visited,
            String notVisitedReason) {
    }

    /**
     * hotline {@code TicketOpened.v1}: a ticket (工单) opened; with {@code route} {@code delivery-task} the household
     * asked for supplies and has no open order. Never a contact's text or a phone number.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TicketOpened(String ticketId, String householdId, String placePath, String category, String urgency,
            String levelCode, String route, String linkedRef) {
    }
}
