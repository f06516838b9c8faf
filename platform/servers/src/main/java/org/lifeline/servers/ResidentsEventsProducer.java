package org.lifeline.servers;

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

/**
 * The one test producer of other services' events: publishes CloudEvents shaped as their owners publish them
 * (docs/events.md) to a real Kafka, so a service's tests feed its consumers without running the publisher.
 * Residents' places, grids and households have helpers; any other event goes through {@link #send}.
 */
public final class ResidentsEventsProducer implements AutoCloseable {

    public static final String HOUSEHOLD_TOPIC = "lifeline.residents.household.v1";
    public static final String PLACE_TOPIC = "lifeline.residents.place.v1";
    public static final String GRID_TOPIC = "lifeline.residents.grid.v1";

    private final KafkaProducer<String, String> producer;
    private final ObjectMapper json = new ObjectMapper();

    public ResidentsEventsProducer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(props);
    }

    /** The city, district, street and the two communities of the demo users' areas. */
    public ResidentsEventsProducer baseHierarchy() throws Exception {
        place("6101", "西安市", "city", null, "/6101/");
        place("610113", "雁塔区", "district", "6101", "/6101/610113/");
        place("610113001", "电子城街道", "street", "610113", "/6101/610113/610113001/");
        place("610113001001", "电子城社区", "community", "610113001", "/6101/610113/610113001/610113001001/");
        place("610113001002", "丈八社区", "community", "610113001", "/6101/610113/610113001/610113001002/");
        return this;
    }

    /** A compound of one building with one unit in staff1's community, 610113001001. */
    public record Compound(String code, String building, String unit, String unitPath) {

        public static Compound inCommunity1(String code) {
            String base = "/6101/610113/610113001/610113001001/";
            String building = code + "-01";
            String unit = building + "-1";
            return new Compound(code, building, unit, base + code + "/" + building + "/" + unit + "/");
        }
    }

    /** Announces the base hierarchy and the compound, its building and its unit. */
    public void announce(Compound c, String name) throws Exception {
        baseHierarchy();
        String compoundPath = c.unitPath().substring(0, c.unitPath().indexOf(c.code() + "/") + c.code().length() + 1);
        place(c.code(), name, "compound", "610113001001", compoundPath);
        place(c.building(), "1号楼", "building", c.code(), compoundPath + c.building() + "/");
        place(c.unit(), "1单元", "unit", c.building(), c.unitPath());
    }

    /** A {@code PlaceCreated}. */
    public void place(String code, String name, String level, String parent, String path) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", code);
        data.put("name", name);
        data.put("level", level);
        data.put("parentCode", parent);
        data.put("path", path);
        send(PLACE_TOPIC, code, "org.lifeline.residents.PlaceCreated.v1", UUID.randomUUID(), now(), data);
    }

    /** A {@code GridCreated}: a grid (网格) of a community, on residents' grid topic. */
    public void grid(String code, String community, String name, String worker) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", code);
        data.put("communityCode", community);
        data.put("name", name);
        data.put("gridWorker", worker);
        send(GRID_TOPIC, code, "org.lifeline.residents.GridCreated.v1", UUID.randomUUID(), now(), data);
    }

    /** A {@code HouseholdChanged} with this event id (a repeated id is a redelivery), code {@code unit-room}, no grid. */
    public void household(UUID eventId, UUID id, String unit, String room, String path, String status, long version,
            OffsetDateTime time, List<Map<String, Object>> persons) throws Exception {
        household(eventId, id, unit + "-" + room, unit, room, path, null, status, version, time, persons);
    }

    /** The same for a household in a grid ({@code gridCode} null: in none). */
    public void householdInGrid(UUID eventId, UUID id, String unit, String room, String path, String gridCode,
            String status, long version, OffsetDateTime time, List<Map<String, Object>> persons) throws Exception {
        household(eventId, id, unit + "-" + room, unit, room, path, gridCode, status, version, time, persons);
    }

    /** The same with a given household code (a demo resident's token names its household by code). */
    public void householdCoded(UUID eventId, UUID id, String code, String unit, String room, String path, String status,
            long version, OffsetDateTime time, List<Map<String, Object>> persons) throws Exception {
        household(eventId, id, code, unit, room, path, null, status, version, time, persons);
    }

    private void household(UUID eventId, UUID id, String code, String unit, String room, String path, String gridCode,
            String status, long version, OffsetDateTime time, List<Map<String, Object>> persons) throws Exception {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("change", version == 0 ? "registered" : "status-changed");
        d.put("householdId", id.toString());
        d.put("code", code);
        d.put("unitCode", unit);
        d.put("room", room);
        d.put("placePath", path);
        d.put("gridCode", gridCode);
        d.put("status", status);
        d.put("version", version);
        d.put("persons", persons);
        send(HOUSEHOLD_TOPIC, id.toString(), "org.lifeline.residents.HouseholdChanged.v1", eventId, time, d);
    }

    /** A person of a {@code HouseholdChanged}. */
    public static Map<String, Object> member(UUID id, String name, String birthDate, String relation, String... flags) {
        return Map.of("personId", id.toString(), "name", name, "birthDate", birthDate, "relation", relation,
                "flags", List.of(flags));
    }

    /**
     * Any event as its owner publishes it: the CloudEvents {@code source} is the owner named in the type
     * ({@code org.lifeline.<owner>.<Name>.v<n>} comes from {@code /lifeline/<owner>}); waits until Kafka has it.
     */
    public void send(String topic, String key, String type, UUID eventId, OffsetDateTime time, Object data)
            throws Exception {
        String owner = type.split("\\.")[2];
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("specversion", "1.0");
        e.put("id", eventId.toString());
        e.put("source", "/lifeline/" + owner);
        e.put("type", type);
        e.put("subject", key);
        e.put("time", time.toString());
        e.put("datacontenttype", "application/json");
        e.put("data", data);
        producer.send(new ProducerRecord<>(topic, key, json.writeValueAsString(e))).get();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    @Override
    public void close() {
        producer.close();
    }
}
