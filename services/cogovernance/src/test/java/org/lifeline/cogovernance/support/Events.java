package org.lifeline.cogovernance.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.lifeline.servers.ResidentsEventsProducer;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The events co-governance consumes, shaped as residents, supplies, medical, testing and hotline publish them
 * (docs/events.md), sent to a real Kafka through the platform's one test producer ({@link ResidentsEventsProducer}).
 */
public final class Events implements AutoCloseable {

    public static final String HOTLINE_TICKET_TOPIC = "lifeline.hotline.ticket.v1";

    private final String bootstrap;
    private final ResidentsEventsProducer producer;

    public Events(String bootstrap) {
        this.bootstrap = bootstrap;
        producer = new ResidentsEventsProducer(bootstrap);
    }

    /** The city, district, street and communities of the demo users' areas. */
    public Events baseHierarchy() throws Exception {
        producer.baseHierarchy();
        return this;
    }

    public void place(String code, String name, String level, String parent, String path) throws Exception {
        producer.place(code, name, level, parent, path);
    }

    /** A supplies {@code DeliveryTaskCreated.v1} (docs/events.md of supplies). */
    public void deliveryTask(UUID eventId, UUID orderId, String placePath, String buildingPath) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", orderId.toString());
        data.put("householdId", UUID.randomUUID().toString());
        data.put("householdCode", "610113001001-01-01-1-0101");
        data.put("placePath", placePath);
        data.put("buildingPath", buildingPath);
        data.put("itemCode", "veg-box");
        data.put("quantity", 2);
        data.put("handedOverBy", "merchant1");
        data.put("at", OffsetDateTime.now(ZoneOffset.UTC).toString());
        send("lifeline.supplies.order.v1", orderId.toString(), "org.lifeline.supplies.DeliveryTaskCreated.v1", eventId, data);
    }

    /** A medical {@code GreenChannelPassRequested.v1} (docs/events.md of medical). */
    public void greenChannel(UUID requestId, String placePath) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("requestId", requestId.toString());
        data.put("householdId", UUID.randomUUID().toString());
        data.put("placePath", placePath);
        data.put("hospitalName", "西京医院");
        data.put("hospitalAreaCode", "610102");
        data.put("transportKind", "designated-vehicle");
        data.put("vehicle", "陕A·12345");
        data.put("severity", "urgent");
        send("lifeline.medical.request.v1", requestId.toString(), "org.lifeline.medical.GreenChannelPassRequested.v1", UUID.randomUUID(), data);
        // another type on the same topic is ignored
        send("lifeline.medical.request.v1", requestId.toString(), "org.lifeline.medical.MedicalRequestEscalated.v1", UUID.randomUUID(),
                Map.of("requestId", requestId.toString()));
    }

    /** A testing {@code HomeSamplingRequested.v1} (docs/events.md of testing). */
    public void homeSampling(UUID campaignId, UUID householdId, String placePath, String testDate) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("campaignId", campaignId.toString());
        data.put("householdId", householdId.toString());
        data.put("householdCode", "610113001001-01-01-1-0301");
        data.put("placePath", placePath);
        data.put("gridCode", null);
        data.put("persons", 2);
        data.put("testDate", testDate);
        send("lifeline.testing.campaign.v1", householdId.toString(), "org.lifeline.testing.HomeSamplingRequested.v1",
                UUID.randomUUID(), data);
    }

    /** A residents {@code SurveyVisitRecorded.v1} (docs/events.md of residents). */
    public void surveyVisit(UUID roundId, UUID householdId, String placePath, boolean visited) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("roundId", roundId.toString());
        data.put("householdId", householdId.toString());
        data.put("householdCode", "610113001001-01-01-1-0402");
        data.put("placePath", placePath);
        data.put("visited", visited);
        data.put("notVisitedReason", visited ? null : "nobody-home");
        data.put("present", 0);
        data.put("recordedAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        send("lifeline.residents.survey.v1", householdId.toString(), "org.lifeline.residents.SurveyVisitRecorded.v1",
                UUID.randomUUID(), data);
    }

    /**
     * A hotline {@code TicketOpened.v1} (docs/events.md of hotline) of a supplies ticket, with its {@code route}
     * ({@code community}, {@code medical}, {@code supplies-order}, {@code delivery-task}) and {@code linkedRef}.
     */
    public void ticketOpened(UUID eventId, UUID ticketId, UUID householdId, String placePath, String route, String linkedRef)
            throws Exception {
        send(HOTLINE_TICKET_TOPIC, ticketId.toString(), "org.lifeline.hotline.TicketOpened.v1", eventId,
                ticket(ticketId, householdId, placePath, route, linkedRef));
    }

    /** The data of a hotline ticket event: never a contact's text, never a phone number. */
    public static Map<String, Object> ticket(UUID ticketId, UUID householdId, String placePath, String route, String linkedRef) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ticketId", ticketId.toString());
        data.put("householdId", householdId.toString());
        data.put("placePath", placePath);
        data.put("category", "supplies");
        data.put("urgency", "general");
        data.put("status", "open");
        data.put("level", "community");
        data.put("levelCode", placePath.split("/")[4]);
        data.put("channel", "portal");
        data.put("contactsCount", 1);
        data.put("fromLevel", null);
        data.put("reason", null);
        data.put("dueAt", null);
        data.put("route", route);
        data.put("linkedRef", linkedRef);
        data.put("at", OffsetDateTime.now(ZoneOffset.UTC).toString());
        return data;
    }

    /**
     * An event whose CloudEvents {@code source} is {@code source}, whatever its type says: what a producer that is not
     * the topic's owner could write (the local Kafka has no ACLs).
     */
    public void sendAs(String source, String topic, String key, String type, UUID eventId, Map<String, Object> data)
            throws Exception {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("specversion", "1.0");
        e.put("id", eventId.toString());
        e.put("source", source);
        e.put("type", type);
        e.put("subject", key);
        e.put("time", OffsetDateTime.now(ZoneOffset.UTC).toString());
        e.put("datacontenttype", "application/json");
        e.put("data", data);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> forger = new KafkaProducer<>(props)) {
            forger.send(new ProducerRecord<>(topic, key, new ObjectMapper().writeValueAsString(e))).get();
        }
    }

    /** Any event as its owner (the type's) publishes it, now. */
    public void send(String topic, String key, String type, UUID eventId, Map<String, Object> data) throws Exception {
        producer.send(topic, key, type, eventId, OffsetDateTime.now(ZoneOffset.UTC), data);
    }

    @Override
    public void close() {
        producer.close();
    }
}
