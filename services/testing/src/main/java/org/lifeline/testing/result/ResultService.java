package org.lifeline.testing.result;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.events.CloudEvent;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.partner.PartnerDirectory;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Roles;
import org.lifeline.testing.rest.Areas;
import org.lifeline.testing.campaign.CampaignService;
import org.lifeline.testing.result.ResultApi.BatchOutcome;
import org.lifeline.testing.result.ResultApi.Handover;
import org.lifeline.testing.result.ResultApi.HandoverRequest;
import org.lifeline.testing.result.ResultApi.ItemOutcome;
import org.lifeline.testing.result.ResultApi.ResultItem;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Chain of custody and lab results. A batch of results is all or nothing: a tube not handed to the
 * uploading lab refuses the batch (403), a different final result without a correction refuses it
 * (409); otherwise each tube is recorded, unchanged (the same result again) or corrected (audited).
 * Recording applies the rules to the persons in the tube and writes the events in the same
 * transaction: negative, each person negative; positive single, the person positive (their household
 * is to be sealed); positive pooled, every person needs a single re-test (their households controlled).
 */
@ApplicationScoped
public class ResultService {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ResultService.class);

    public static final String TOPIC = "lifeline.testing.result.v1";
    public static final String RECORDED = "org.lifeline.testing.TestResultRecorded.v1";
    public static final String RETEST = "org.lifeline.testing.RetestRequired.v1";
    public static final String CLEARED = "org.lifeline.testing.HouseholdCleared.v1";
    static final String SOURCE = "/lifeline/testing";

    /** A person a result is about. */
    public record PersonOutcome(UUID personId, UUID householdId, String state) {
    }

    /** Data of {@code TestResultRecorded.v1}. {@code householdStatus}: what the households should become, or null. */
    public record TestResultRecorded(UUID campaignId, String barcode, String kind, String result, boolean corrected,
            String householdStatus, List<PersonOutcome> persons) {
    }

    /** Data of {@code RetestRequired.v1}. */
    public record RetestRequired(UUID campaignId, String barcode, List<PersonOutcome> persons) {
    }

    /**
     * Data of {@code HouseholdCleared.v1}: the household that a positive pooled tube ({@code barcode}) put
     * under control has no re-test due and no positive person left in the campaign; its control can be lifted.
     */
    public record HouseholdCleared(UUID campaignId, UUID householdId, String barcode) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    CampaignService campaigns;

    @Inject
    Areas areas;

    @Inject
    PartnerDirectory partners;

    @Inject
    ObjectMapper mapper;

    @Inject
    org.lifeline.platform.outbox.OutboxRelay relay;

    /**
     * Hands sealed tubes of one campaign to a lab: only tubes whose place is inside the caller's areas (others are
     * "unknown", their existence not revealed), only to a lab that co-governance announced as an approved lab partner.
     */
    public Handover handover(Caller caller, HandoverRequest request) {
        Set<String> barcodes = new LinkedHashSet<>(request.barcodes());
        PartnerDirectory.Partner lab = partners.byClientId(request.lab())
                .filter(p -> p.isApproved() && Roles.LAB.equals(p.kind()))
                .orElseThrow(() -> ProblemException.invalidField("lab", Message.of(
                        "is not a registered, approved laboratory partner (its OAuth client id)",
                        "不是已登记并获批准的合作实验室（填写其客户端编号）")));
        List<String> paths = areas.paths(caller);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                UUID campaign = null;
                List<String> problems = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("SELECT barcode, campaign_id, status, lab FROM tube "
                        + "WHERE barcode = ANY (?) AND " + AreaPaths.sqlWithin("place_path", paths) + " FOR UPDATE")) {
                    s.setArray(1, c.createArrayOf("varchar", barcodes.toArray()));
                    Set<String> found = new LinkedHashSet<>();
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            found.add(rs.getString(1));
                            UUID cid = rs.getObject(2, UUID.class);
                            if (campaign != null && !campaign.equals(cid)) {
                                problems.add(rs.getString(1) + ": another campaign");
                            }
                            campaign = campaign == null ? cid : campaign;
                            if (!"sealed".equals(rs.getString(3))) {
                                problems.add(rs.getString(1) + ": not sealed");
                            }
                            if (rs.getString(4) != null) {
                                problems.add(rs.getString(1) + ": already handed over");
                            }
                        }
                    }
                    for (String b : barcodes) {
                        if (!found.contains(b)) {
                            problems.add(b + ": unknown tube");
                        }
                    }
                }
                if (campaign != null) {
                    campaigns.get(caller, campaign); // 404 unless the caller's areas overlap it
                }
                if (!problems.isEmpty()) {
                    throw ProblemException.invalidField("barcodes", Message.of(String.join("; ", problems),
                            String.join("；", problems)));
                }
                UUID id = UUID.randomUUID();
                try (PreparedStatement s = c.prepareStatement("INSERT INTO handover (id, campaign_id, lab, tubes, "
                        + "handed_over_by) VALUES (?, ?, ?, ?, ?)")) {
                    s.setObject(1, id);
                    s.setObject(2, campaign);
                    s.setString(3, lab.clientId());
                    s.setInt(4, barcodes.size());
                    s.setString(5, caller.username());
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE tube SET handover_id = ?, lab = ? WHERE barcode = ANY (?)")) {
                    s.setObject(1, id);
                    s.setString(2, lab.clientId());
                    s.setArray(3, c.createArrayOf("varchar", barcodes.toArray()));
                    s.executeUpdate();
                }
                Handover handover;
                try (PreparedStatement s = c.prepareStatement("SELECT handed_over_at FROM handover WHERE id = ?")) {
                    s.setObject(1, id);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        handover = new Handover(id, campaign, lab.clientId(), barcodes.size(), caller.username(),
                                rs.getObject(1, OffsetDateTime.class));
                    }
                }
                c.commit();
                return handover;
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records a lab's batch of results, all or nothing. */
    public BatchOutcome record(String lab, String actor, List<ResultItem> items) {
        Map<String, ResultItem> byBarcode = new HashMap<>();
        for (ResultItem item : items) {
            ResultItem earlier = byBarcode.put(item.barcode(), item);
            if (earlier != null && !earlier.result().equals(item.result())) {
                throw ProblemException.invalidField("results", Message.of("tube " + item.barcode()
                        + " has two different results in this batch", "试管 " + item.barcode() + " 在本批中有两个不同结果"));
            }
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<String, String[]> tubes = new HashMap<>(); // barcode -> lab, kind, campaign, current result
                try (PreparedStatement s = c.prepareStatement("SELECT t.barcode, t.lab, t.kind, t.campaign_id, r.result "
                        + "FROM tube t LEFT JOIN tube_result r ON r.barcode = t.barcode WHERE t.barcode = ANY (?) "
                        + "FOR UPDATE OF t")) {
                    s.setArray(1, c.createArrayOf("varchar", byBarcode.keySet().toArray()));
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            tubes.put(rs.getString(1), new String[] { rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5) });
                        }
                    }
                }
                List<String> notYours = new ArrayList<>();
                List<String> conflicts = new ArrayList<>();
                for (ResultItem item : byBarcode.values()) {
                    String[] t = tubes.get(item.barcode());
                    if (t == null || !lab.equals(t[0])) {
                        notYours.add(item.barcode()); // unknown tubes are not revealed to a lab either
                    } else if (t[3] != null && !t[3].equals(item.result())
                            && !(Boolean.TRUE.equals(item.correction()) && item.reason() != null && !item.reason().isBlank())) {
                        conflicts.add(item.barcode());
                    }
                }
                if (!notYours.isEmpty()) {
                    throw ProblemException.forbidden(Message.of("These tubes were not handed over to your laboratory: "
                            + String.join(", ", notYours) + ". Nothing of this batch was recorded.",
                            "以下试管未交接给贵实验室：" + String.join("、", notYours) + "。本批结果均未记录。"));
                }
                if (!conflicts.isEmpty()) {
                    throw ProblemException.conflict(Message.of("These tubes already have another final result: "
                            + String.join(", ", conflicts) + "; send a correction with a reason. Nothing was recorded.",
                            "以下试管已有不同的最终结果：" + String.join("、", conflicts) + "；如需更正请注明原因。本批结果均未记录。"));
                }
                List<ItemOutcome> outcomes = new ArrayList<>();
                List<ResultItem> toApply = new ArrayList<>();
                int recorded = 0;
                int unchanged = 0;
                int corrected = 0;
                for (ResultItem item : items) {
                    if (byBarcode.get(item.barcode()) != item) {
                        continue; // a repeat of the same barcode in the batch
                    }
                    String[] t = tubes.get(item.barcode());
                    if (item.result().equals(t[3])) {
                        outcomes.add(new ItemOutcome(item.barcode(), "unchanged"));
                        unchanged++;
                    } else if (t[3] != null) {
                        outcomes.add(new ItemOutcome(item.barcode(), "corrected"));
                        corrected++;
                        toApply.add(item);
                    } else {
                        outcomes.add(new ItemOutcome(item.barcode(), "recorded"));
                        recorded++;
                        toApply.add(item);
                    }
                }
                applyAll(c, lab, actor, toApply, tubes);
                c.commit();
                if (!toApply.isEmpty()) {
                    relay.wake(); // households wait for these events: do not wait for the next poll
                }
                return new BatchOutcome(recorded, unchanged, corrected, outcomes);
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The rules for a batch, set-based: corrections and results in two batched statements, the new
     * states of all the tubes' persons in one statement, then one or two events per tube in one batch.
     * Only persons whose current sample is the tube change (a re-test in another tube is not overwritten).
     */
    private void applyAll(Connection c, String lab, String actor, List<ResultItem> items, Map<String, String[]> tubes)
            throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        try (PreparedStatement corrections = c.prepareStatement("INSERT INTO result_correction (barcode, lab, old_result, "
                + "new_result, reason, corrected_by) VALUES (?, ?, ?, ?, ?, ?)");
                PreparedStatement results = c.prepareStatement("INSERT INTO tube_result (barcode, lab, result, corrected) "
                        + "VALUES (?, ?, ?, ?) ON CONFLICT (barcode) DO UPDATE SET result = EXCLUDED.result, "
                        + "corrected = true, recorded_at = now()")) {
            for (ResultItem item : items) {
                String[] t = tubes.get(item.barcode());
                boolean correction = t[3] != null;
                if (correction) {
                    corrections.setString(1, item.barcode());
                    corrections.setString(2, lab);
                    corrections.setString(3, t[3]);
                    corrections.setString(4, item.result());
                    corrections.setString(5, item.reason().strip());
                    corrections.setString(6, actor);
                    corrections.addBatch();
                }
                results.setString(1, item.barcode());
                results.setString(2, lab);
                results.setString(3, item.result());
                results.setBoolean(4, correction);
                results.addBatch();
            }
            corrections.executeBatch();
            results.executeBatch();
        }
        String[] barcodes = new String[items.size()];
        String[] states = new String[items.size()];
        for (int i = 0; i < items.size(); i++) {
            ResultItem item = items.get(i);
            String kind = tubes.get(item.barcode())[1];
            barcodes[i] = item.barcode();
            states[i] = item.result().equals("negative") ? "negative" : kind.equals("single") ? "positive" : "retest-required";
        }
        long t1 = System.nanoTime();
        Map<String, List<PersonOutcome>> persons = new HashMap<>();
        // the persons whose current sample is in these tubes: their state follows from the tube's result (the
        // person_status view), nothing per person is written
        try (PreparedStatement s = c.prepareStatement("SELECT ps.barcode, ps.person_id, ps.household_id "
                + "FROM unnest(?::text[]) AS v(barcode) JOIN tube t ON t.barcode = v.barcode "
                + "JOIN person_state ps ON ps.campaign_id = t.campaign_id AND ps.barcode = v.barcode")) {
            s.setArray(1, c.createArrayOf("text", barcodes));
            Map<String, String> stateOf = new HashMap<>();
            for (int i = 0; i < barcodes.length; i++) {
                stateOf.put(barcodes[i], states[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String barcode = rs.getString(1);
                    persons.computeIfAbsent(barcode, k -> new ArrayList<>()).add(new PersonOutcome(
                            rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), stateOf.get(barcode)));
                }
            }
        }
        long t2 = System.nanoTime();
        // households a positive pooled tube puts under control, and those whose re-tests are now all negative
        Set<UUID> controlled = new LinkedHashSet<>();
        Set<UUID> negative = new LinkedHashSet<>();
        List<UUID[]> controlRows = new ArrayList<>();
        List<String> controlBarcodes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            for (PersonOutcome p : persons.getOrDefault(barcodes[i], List.of())) {
                if (states[i].equals("retest-required") && controlled.add(p.householdId())) {
                    controlRows.add(new UUID[] { UUID.fromString(tubes.get(barcodes[i])[2]), p.householdId() });
                    controlBarcodes.add(barcodes[i]);
                } else if (p.state().equals("negative")) {
                    negative.add(p.householdId());
                }
            }
        }
        if (!controlRows.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO household_control (campaign_id, household_id, "
                    + "barcode, state) SELECT * , 'controlled' FROM unnest(?::uuid[], ?::uuid[], ?::text[]) "
                    + "ON CONFLICT (campaign_id, household_id) DO UPDATE SET state = 'controlled', barcode = EXCLUDED.barcode, "
                    + "since = now(), cleared_at = NULL WHERE household_control.state = 'cleared'")) {
                s.setArray(1, c.createArrayOf("uuid", controlRows.stream().map(r -> r[0]).toArray()));
                s.setArray(2, c.createArrayOf("uuid", controlRows.stream().map(r -> r[1]).toArray()));
                s.setArray(3, c.createArrayOf("text", controlBarcodes.toArray()));
                s.executeUpdate();
            }
        }
        List<HouseholdCleared> cleared = new ArrayList<>();
        if (!negative.isEmpty()) {
            // only households under control can be cleared: few, so intersect here, not with every negative one
            Set<UUID> underControl = new java.util.HashSet<>();
            try (PreparedStatement s = c.prepareStatement("SELECT household_id FROM household_control "
                    + "WHERE state = 'controlled' AND campaign_id = ANY (?)")) {
                s.setArray(1, c.createArrayOf("uuid", items.stream().map(i -> UUID.fromString(tubes.get(i.barcode())[2]))
                        .distinct().toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        underControl.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            negative.retainAll(underControl);
        }
        if (!negative.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("UPDATE household_control hc SET state = 'cleared', "
                    + "cleared_at = now() WHERE hc.state = 'controlled' AND hc.household_id = ANY (?) AND NOT EXISTS "
                    + "(SELECT 1 FROM person_status ps WHERE ps.household_id = hc.household_id "
                    + "AND ps.campaign_id = hc.campaign_id AND ps.state IN ('retest-required', 'retest-sampled', 'positive')) "
                    + "RETURNING hc.campaign_id, hc.household_id, hc.barcode")) {
                s.setArray(1, c.createArrayOf("uuid", negative.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        cleared.add(new HouseholdCleared(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                                rs.getString(3)));
                    }
                }
            }
        }
        long t3 = System.nanoTime();
        try (PreparedStatement outbox = c.prepareStatement("INSERT INTO outbox (event_id, topic, event_key, event_type, "
                + "payload) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < items.size(); i++) {
                ResultItem item = items.get(i);
                String[] t = tubes.get(item.barcode());
                UUID campaign = UUID.fromString(t[2]);
                String kind = t[1];
                List<PersonOutcome> who = persons.getOrDefault(item.barcode(), List.of());
                String householdStatus = item.result().equals("negative") ? null : kind.equals("single") ? "sealed" : "controlled";
                event(outbox, item.barcode(), RECORDED, new TestResultRecorded(campaign, item.barcode(), kind, item.result(),
                        t[3] != null, householdStatus, who));
                if (states[i].equals("retest-required")) {
                    event(outbox, item.barcode(), RETEST, new RetestRequired(campaign, item.barcode(), who));
                }
            }
            for (HouseholdCleared h : cleared) { // after the results, so their event times come later
                event(outbox, h.householdId().toString(), CLEARED, h);
            }
            outbox.executeBatch();
        }
        if (items.size() >= 1000) { // where a large batch's time goes, for operators and the benchmark
            LOG.infof("Results of %d tubes applied in %d ms: results %d ms, their persons %d ms, control %d ms, "
                    + "events %d ms", items.size(), (System.nanoTime() - t0) / 1_000_000, (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (System.nanoTime() - t3) / 1_000_000);
        }
    }

    private void event(PreparedStatement outbox, String key, String type, Object data) throws SQLException {
        CloudEvent<Object> event = CloudEvent.of(SOURCE, type, key, data);
        try {
            outbox.setObject(1, UUID.fromString(event.id()));
            outbox.setString(2, TOPIC);
            outbox.setString(3, key);
            outbox.setString(4, type);
            outbox.setString(5, mapper.writeValueAsString(event));
            outbox.addBatch();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
