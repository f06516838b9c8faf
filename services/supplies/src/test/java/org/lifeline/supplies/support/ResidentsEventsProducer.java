package org.lifeline.supplies.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/** Publishes events shaped as residents publishes them (docs/events.md) to a real Kafka, for tests. */
public final class ResidentsEventsProducer implements AutoCloseable {

    public static final String HOUSEHOLD_TOPIC = "lifeline.residents.household.v1";
    public static final String PLACE_TOPIC = "lifeline.residents.place.v1";

    private final KafkaProducer<String, String> producer;
    private final ObjectMapper json = new ObjectMapper();

    public ResidentsEventsProducer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(props);
    }

    /** The city, district, street and community of the demo users' areas. */
    public void baseHierarchy() throws Exception {
        place("6101", "西安市", "city", null, "/6101/");
        place("610113", "雁塔区", "district", "6101", "/6101/610113/");
        place("610113001", "电子城街道", "street", "610113", "/6101/610113/610113001/");
        place("610113001001", "电子城社区", "community", "610113001", "/6101/610113/610113001/610113001001/");
        place("610113001002", "丈八社区", "community", "610113001", "/6101/610113/610113001/610113001002/");
    }

    public void place(String code, String name, String level, String parent, String path) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", code);
        data.put("name", name);
        data.put("level", level);
        data.put("parentCode", parent);
        data.put("path", path);
        send(PLACE_TOPIC, code, event(UUID.randomUUID(), "PlaceCreated", code, OffsetDateTime.now(ZoneOffset.UTC), data));
    }

    /** Sends a {@code HouseholdChanged} with this event id (a repeated id is a redelivery). */
    /** A grid, published on the place topic as residents publishes it. */
    public void grid(String code, String communityCode, String name, String gridWorker) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", code);
        data.put("communityCode", communityCode);
        data.put("name", name);
        data.put("gridWorker", gridWorker);
        send(PLACE_TOPIC, code, event(UUID.randomUUID(), "GridCreated", code, OffsetDateTime.now(ZoneOffset.UTC), data));
    }

    public void household(UUID eventId, UUID id, String unit, String room, String path, String status, long version,
            OffsetDateTime time, List<Map<String, Object>> persons) throws Exception {
        household(eventId, id, unit + "-" + room, unit, room, path, status, version, time, persons);
    }

    /** The same with a given household code (a demo resident's token names its household by code). */
    public void household(UUID eventId, UUID id, String code, String unit, String room, String path, String status,
            long version, OffsetDateTime time, List<Map<String, Object>> persons) throws Exception {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("change", version == 0 ? "registered" : "status-changed");
        d.put("householdId", id.toString());
        d.put("code", code);
        d.put("unitCode", unit);
        d.put("room", room);
        d.put("placePath", path);
        d.put("status", status);
        d.put("version", version);
        d.put("persons", persons);
        send(HOUSEHOLD_TOPIC, id.toString(), event(eventId, "HouseholdChanged", id.toString(), time, d));
    }

    public static Map<String, Object> member(UUID id, String name, String birthDate, String relation, String... flags) {
        return Map.of("personId", id.toString(), "name", name, "birthDate", birthDate, "relation", relation,
                "flags", List.of(flags));
    }

    private void send(String topic, String key, Map<String, Object> event) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, json.writeValueAsString(event))).get();
    }

    private static Map<String, Object> event(UUID id, String type, String subject, OffsetDateTime time, Object data) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("specversion", "1.0");
        e.put("id", id.toString());
        e.put("source", "/lifeline/residents");
        e.put("type", "org.lifeline.residents." + type + ".v1");
        e.put("subject", subject);
        e.put("time", time.toString());
        e.put("datacontenttype", "application/json");
        e.put("data", data);
        return e;
    }

    @Override
    public void close() {
        producer.close();
    }
}
