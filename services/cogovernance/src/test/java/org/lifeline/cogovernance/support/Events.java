package org.lifeline.cogovernance.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/** Publishes events shaped as residents, supplies and medical publish them (docs/events.md) to a real Kafka, for tests. */
public final class Events implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final ObjectMapper json = new ObjectMapper();

    public Events(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(props);
    }

    /** The city, district, street and communities of the demo users' areas. */
    public Events baseHierarchy() throws Exception {
        place("6101", "西安市", "city", null, "/6101/");
        place("610113", "雁塔区", "district", "6101", "/6101/610113/");
        place("610113001", "电子城街道", "street", "610113", "/6101/610113/610113001/");
        place("610113001001", "电子城社区", "community", "610113001", "/6101/610113/610113001/610113001001/");
        place("610113001002", "丈八社区", "community", "610113001", "/6101/610113/610113001/610113001002/");
        return this;
    }

    public void place(String code, String name, String level, String parent, String path) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", code);
        data.put("name", name);
        data.put("level", level);
        data.put("parentCode", parent);
        data.put("path", path);
        send("lifeline.residents.place.v1", code, "org.lifeline.residents.PlaceCreated.v1", UUID.randomUUID(), data);
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

    public void send(String topic, String key, String type, UUID eventId, Map<String, Object> data) throws Exception {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", eventId.toString());
        // as the topic's owner publishes it: consumers drop events of any other source (TopicOwner)
        event.put("source", "/lifeline/" + topic.split("\\.")[1]);
        event.put("type", type);
        event.put("subject", key);
        event.put("time", OffsetDateTime.now(ZoneOffset.UTC).toString());
        event.put("datacontenttype", "application/json");
        event.put("data", data);
        producer.send(new ProducerRecord<>(topic, key, json.writeValueAsString(event))).get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
