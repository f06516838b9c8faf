package org.lifeline.cogovernance.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.lifeline.platform.inbox.StartLine;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.cogovernance.config.Texts;
import org.lifeline.cogovernance.event.IncomingTaskEvents;
import org.lifeline.cogovernance.event.IncomingTaskEvents.DeliveryTaskCreated;
import org.lifeline.cogovernance.event.IncomingTaskEvents.GreenChannelPassRequested;
import org.lifeline.cogovernance.event.IncomingTaskEvents.HomeSamplingRequested;
import org.lifeline.cogovernance.event.IncomingTaskEvents.SurveyVisitRecorded;
import org.lifeline.cogovernance.event.IncomingTaskEvents.TicketOpened;
import org.lifeline.platform.inbox.EventHandler;

import java.sql.Connection;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;

/**
 * Tasks that other services' events put on the board (or take off it), each event applied once in the inbox
 * transaction through the task use cases:
 * <ul>
 *   <li>{@code lifeline.supplies.order.v1} {@code DeliveryTaskCreated.v1}: a door delivery task;</li>
 *   <li>{@code lifeline.medical.request.v1} {@code GreenChannelPassRequested.v1}: a green-channel escort task;</li>
 *   <li>{@code lifeline.testing.campaign.v1} {@code HomeSamplingRequested.v1}: help the sampling team at the door of
 *   a household with bedridden persons, by the end of the test day;</li>
 *   <li>{@code lifeline.residents.survey.v1} {@code SurveyVisitRecorded.v1}: a household the grid worker did not
 *   reach becomes a follow-up door visit; reached later in the same round, the visit is withdrawn if unclaimed;</li>
 *   <li>{@code lifeline.hotline.ticket.v1} {@code TicketOpened.v1} with {@code route} {@code delivery-task}: the
 *   household asked the hotline for supplies and has no open order, so a volunteer brings them (a door delivery task,
 *   one per ticket); other routes are the hotline's, medical's or supplies' business.</li>
 * </ul>
 * Other types on those topics are ignored (consumers ignore what they do not know); an event without the fields a
 * task needs is refused (parked).
 */
@ApplicationScoped
public class TaskFeed {

    /** Home sampling is due by the evening of the test day, local time. */
    static final ZoneId LOCAL = ZoneId.of("Asia/Shanghai");
    static final LocalTime TEST_DAY_ENDS = LocalTime.of(20, 0);

    final StartLine startLine = new StartLine();

    @Inject
    TaskService tasks;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    /** The handlers by topic, for the service's inbox consumer. */
    public Map<String, EventHandler> handlers() {
        return Map.of(IncomingTaskEvents.SUPPLIES_ORDER_TOPIC, (c, topic, key, e) -> suppliesOrder(c, e),
                IncomingTaskEvents.MEDICAL_REQUEST_TOPIC, (c, topic, key, e) -> medicalRequest(c, e),
                IncomingTaskEvents.TESTING_CAMPAIGN_TOPIC, (c, topic, key, e) -> testingCampaign(c, e),
                IncomingTaskEvents.SURVEY_TOPIC, (c, topic, key, e) -> surveyVisit(c, e),
                IncomingTaskEvents.HOTLINE_TICKET_TOPIC, (c, topic, key, e) -> hotlineTicket(c, e));
    }

    void suppliesOrder(Connection c, JsonNode event) throws Exception {
        if (!IncomingTaskEvents.DELIVERY_TASK_CREATED.equals(event.path("type").asText())) {
            return;
        }
        DeliveryTaskCreated d = data(event, DeliveryTaskCreated.class);
        String area = d.buildingPath() != null ? d.buildingPath() : required(d.placePath(), "placePath");
        String title = Texts.of("task.title.delivery", d.itemCode(), d.quantity(), d.householdCode()).zh();
        tasks.fromEvent(c, "delivery", title, "Order " + d.orderId() + ", handed over at the gate by " + d.handedOverBy(), area,
                "supplies", required(d.orderId(), "orderId"));
    }

    void medicalRequest(Connection c, JsonNode event) throws Exception {
        if (!IncomingTaskEvents.GREEN_CHANNEL_REQUESTED.equals(event.path("type").asText())) {
            return;
        }
        GreenChannelPassRequested d = data(event, GreenChannelPassRequested.class);
        String title = Texts.of("task.title.green-channel", d.hospitalName(), d.transportKind(), d.vehicle()).zh();
        tasks.fromEvent(c, "green-channel", title, "Severity " + d.severity() + "; medical request " + d.requestId(),
                required(d.placePath(), "placePath"), "medical", required(d.requestId(), "requestId"));
    }

    void testingCampaign(Connection c, JsonNode event) throws Exception {
        if (!IncomingTaskEvents.HOME_SAMPLING_REQUESTED.equals(event.path("type").asText())) {
            return;
        }
        HomeSamplingRequested d = data(event, HomeSamplingRequested.class);
        String title = Texts.of("task.title.sampling-assist", d.persons() == null ? "0" : d.persons(), d.householdCode(),
                d.testDate()).zh();
        OffsetDateTime deadline = LocalDate.parse(required(d.testDate(), "testDate")).atTime(TEST_DAY_ENDS).atZone(LOCAL)
                .toOffsetDateTime();
        OffsetDateTime soonest = OffsetDateTime.now(clock).plusHours(4);
        tasks.fromEvent(c, "sampling-assist", title, "Help the sampling team at the door; campaign " + d.campaignId()
                + (d.gridCode() != null ? ", grid " + d.gridCode() : ""), required(d.placePath(), "placePath"), "testing",
                required(d.campaignId(), "campaignId") + ":" + required(d.householdId(), "householdId"),
                deadline.isAfter(soonest) ? deadline : soonest);
    }

    void surveyVisit(Connection c, JsonNode event) throws Exception {
        if (!IncomingTaskEvents.SURVEY_VISIT_RECORDED.equals(event.path("type").asText())) {
            return;
        }
        SurveyVisitRecorded d = data(event, SurveyVisitRecorded.class);
        if (d.placePath() == null) {
            return; // an event from before residents named the place: nowhere to send a volunteer
        }
        String ref = "survey:" + required(d.roundId(), "roundId") + ":" + required(d.householdId(), "householdId");
        if (d.visited()) {
            tasks.withdrawOpen(c, "residents", ref);
            return;
        }
        String title = Texts.of("task.title.door-visit", d.householdCode(), d.notVisitedReason()).zh();
        tasks.fromEvent(c, "door-visit", title, "Door-to-door survey round " + d.roundId()
                + ": the grid worker could not reach this household; visit and report.", d.placePath(), "residents", ref);
    }

    void hotlineTicket(Connection c, JsonNode event) throws Exception {
        if (!IncomingTaskEvents.TICKET_OPENED.equals(event.path("type").asText())) {
            return;
        }
        TicketOpened d = data(event, TicketOpened.class);
        if (!IncomingTaskEvents.ROUTE_DELIVERY_TASK.equals(d.route()) || startLine.before(c, event)) {
            return; // another route, or a ticket from before this database's start line: not work for this board
        }
        String path = required(d.placePath(), "placePath");
        String area = path.endsWith("/") ? path : path + "/";
        String[] codes = area.split("/");
        String title = Texts.of("task.title.hotline-delivery", codes[codes.length - 1], d.urgency()).zh();
        tasks.fromEvent(c, "delivery", title, "Hotline ticket " + d.ticketId() + ", household " + d.householdId()
                + ": supplies asked for and no open order; ask the community what the household needs and bring it.", area,
                "hotline", required(d.ticketId(), "ticketId"));
    }

    private <T> T data(JsonNode event, Class<T> type) throws Exception {
        JsonNode data = event.get("data");
        if (data == null || !data.isObject()) {
            throw new IllegalArgumentException("no data");
        }
        return mapper.treeToValue(data, type);
    }

    private static String required(String value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("no " + field);
        }
        return value;
    }
}
