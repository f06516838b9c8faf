package org.lifeline.cogovernance.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.cogovernance.task.TaskService;
import org.lifeline.platform.inbox.InboxConsumer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Events co-governance consumes, each applied once through the platform inbox:
 * <ul>
 *   <li>{@code lifeline.residents.place.v1}: places, so area codes resolve to paths (local read model);</li>
 *   <li>{@code lifeline.supplies.order.v1} {@code DeliveryTaskCreated.v1}: a door delivery task on the board;</li>
 *   <li>{@code lifeline.medical.request.v1} {@code GreenChannelPassRequested.v1}: a green-channel escort task;</li>
 *   <li>{@code lifeline.testing.campaign.v1} {@code HomeSamplingRequested.v1}: help the sampling team at the door of
 *   a household with bedridden persons, by the end of the test day;</li>
 *   <li>{@code lifeline.residents.survey.v1} {@code SurveyVisitRecorded.v1}: a household the grid worker did not
 *   reach becomes a follow-up door visit; reached later in the same round, the visit is withdrawn if unclaimed.</li>
 * </ul>
 * Other types on those topics are ignored (consumers ignore what they do not know).
 */
@ApplicationScoped
public class IncomingEvents {

    public static final String PLACE_TOPIC = "lifeline.residents.place.v1";
    public static final String SUPPLIES_ORDER_TOPIC = "lifeline.supplies.order.v1";
    public static final String MEDICAL_REQUEST_TOPIC = "lifeline.medical.request.v1";
    static final String DELIVERY_TASK_CREATED = "org.lifeline.supplies.DeliveryTaskCreated.v1";
    static final String GREEN_CHANNEL_REQUESTED = "org.lifeline.medical.GreenChannelPassRequested.v1";
    static final String GRID_CREATED = "org.lifeline.residents.GridCreated.v1";
    public static final String TESTING_CAMPAIGN_TOPIC = "lifeline.testing.campaign.v1";
    public static final String SURVEY_TOPIC = "lifeline.residents.survey.v1";
    static final String HOME_SAMPLING_REQUESTED = "org.lifeline.testing.HomeSamplingRequested.v1";
    static final String SURVEY_VISIT_RECORDED = "org.lifeline.residents.SurveyVisitRecorded.v1";
    /** Home sampling is due by the evening of the test day, local time. */
    static final ZoneId LOCAL = ZoneId.of("Asia/Shanghai");
    static final LocalTime TEST_DAY_ENDS = LocalTime.of(20, 0);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TaskService tasks;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "cogovernance.events.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "cogovernance.events.group-id", defaultValue = "cogovernance")
    String groupId;

    private InboxConsumer consumer;

    void start(@Observes StartupEvent event) {
        if (enabled) {
            consumer = new InboxConsumer("cogovernance-events", bootstrapServers, groupId, dataSource,
                    Map.of(PLACE_TOPIC, (c, topic, key, e) -> place(c, e),
                            SUPPLIES_ORDER_TOPIC, (c, topic, key, e) -> suppliesOrder(c, e),
                            MEDICAL_REQUEST_TOPIC, (c, topic, key, e) -> medicalRequest(c, e),
                            TESTING_CAMPAIGN_TOPIC, (c, topic, key, e) -> testingCampaign(c, e),
                            SURVEY_TOPIC, (c, topic, key, e) -> surveyVisit(c, e))).start();
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (consumer != null) {
            consumer.close();
        }
    }

    static void place(Connection c, JsonNode event) throws SQLException {
        if (GRID_CREATED.equals(event.path("type").asText())) {
            return; // grids are not areas here
        }
        JsonNode d = event.get("data");
        String path = d.get("path").asText();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO place_rm (code, name, level, parent_code, path) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, "
                + "parent_code = EXCLUDED.parent_code, path = EXCLUDED.path")) {
            s.setString(1, d.get("code").asText());
            s.setString(2, d.get("name").asText());
            s.setString(3, d.get("level").asText());
            s.setString(4, d.hasNonNull("parentCode") ? d.get("parentCode").asText() : null);
            s.setString(5, path);
            s.executeUpdate();
        }
        String previous = d.path("previousPath").asText(null);
        if (previous != null && !previous.equals(path)) {
            for (String sql : new String[] {
                    "UPDATE place_rm SET path = ? || substr(path, ?) WHERE path LIKE ? AND code <> ?",
                    "UPDATE task SET area_path = ? || substr(area_path, ?) WHERE area_path LIKE ? AND ? IS NOT NULL",
                    "UPDATE volunteer SET home_area_path = ? || substr(home_area_path, ?) WHERE home_area_path LIKE ? AND ? IS NOT NULL",
                    "UPDATE area_mode SET area_path = ? || substr(area_path, ?) WHERE area_path LIKE ? AND ? IS NOT NULL" }) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setString(1, path);
                    s.setInt(2, previous.length() + 1);
                    s.setString(3, previous.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
                    s.setString(4, d.get("code").asText());
                    s.executeUpdate();
                }
            }
        }
    }

    void suppliesOrder(Connection c, JsonNode event) throws SQLException {
        if (!DELIVERY_TASK_CREATED.equals(event.path("type").asText())) {
            return;
        }
        JsonNode d = event.get("data");
        String area = d.hasNonNull("buildingPath") ? d.get("buildingPath").asText() : d.get("placePath").asText();
        String title = "送货上门 Door delivery: " + d.path("itemCode").asText() + " x" + d.path("quantity").asText()
                + " → " + d.path("householdCode").asText();
        tasks.fromEvent(c, "delivery", title, "Order " + d.path("orderId").asText() + ", handed over at the gate by "
                + d.path("handedOverBy").asText(), area, "supplies", d.get("orderId").asText());
    }

    void medicalRequest(Connection c, JsonNode event) throws SQLException {
        if (!GREEN_CHANNEL_REQUESTED.equals(event.path("type").asText())) {
            return;
        }
        JsonNode d = event.get("data");
        String title = "绿色通道 Green-channel escort to " + d.path("hospitalName").asText() + " ("
                + d.path("transportKind").asText() + " " + d.path("vehicle").asText() + ")";
        tasks.fromEvent(c, "green-channel", title, "Severity " + d.path("severity").asText() + "; medical request "
                + d.path("requestId").asText(), d.get("placePath").asText(), "medical", d.get("requestId").asText());
    }

    void testingCampaign(Connection c, JsonNode event) throws SQLException {
        if (!HOME_SAMPLING_REQUESTED.equals(event.path("type").asText())) {
            return;
        }
        JsonNode d = event.get("data");
        int persons = d.path("persons").asInt();
        String title = "上门采样协助 Home sampling: " + persons + " bedridden at " + d.path("householdCode").asText()
                + " (" + d.path("testDate").asText() + ")";
        OffsetDateTime deadline = LocalDate.parse(d.get("testDate").asText()).atTime(TEST_DAY_ENDS).atZone(LOCAL)
                .toOffsetDateTime();
        OffsetDateTime soonest = OffsetDateTime.now(ZoneOffset.UTC).plusHours(4);
        tasks.fromEvent(c, "sampling-assist", title, "Help the sampling team at the door; campaign "
                + d.path("campaignId").asText() + (d.hasNonNull("gridCode") ? ", grid " + d.get("gridCode").asText() : ""),
                d.get("placePath").asText(), "testing", d.get("campaignId").asText() + ":" + d.get("householdId").asText(),
                deadline.isAfter(soonest) ? deadline : soonest);
    }

    void surveyVisit(Connection c, JsonNode event) throws SQLException {
        if (!SURVEY_VISIT_RECORDED.equals(event.path("type").asText())) {
            return;
        }
        JsonNode d = event.get("data");
        if (!d.hasNonNull("placePath")) {
            return; // an event from before residents named the place: nowhere to send a volunteer
        }
        String ref = "survey:" + d.get("roundId").asText() + ":" + d.get("householdId").asText();
        if (d.path("visited").asBoolean()) {
            tasks.withdrawOpen(c, "residents", ref);
            return;
        }
        String title = "上门走访 Door visit: " + d.path("householdCode").asText() + " not reached ("
                + d.path("notVisitedReason").asText() + ")";
        tasks.fromEvent(c, "door-visit", title, "Door-to-door survey round " + d.get("roundId").asText()
                + ": the grid worker could not reach this household; visit and report.", d.get("placePath").asText(),
                "residents", ref);
    }

    public long applied() {
        return consumer == null ? 0 : consumer.applied();
    }
}
