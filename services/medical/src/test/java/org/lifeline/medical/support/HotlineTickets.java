package org.lifeline.medical.support;

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
 * The hotline's ticket events as the hotline publishes them (docs/events.md, {@code TicketOpened.v1} with {@code route}
 * and {@code linkedRef}), sent to a real Kafka through the platform's test producer (source {@code /lifeline/hotline});
 * and {@link #forged} ones, from another source, with a plain producer.
 */
public final class HotlineTickets implements AutoCloseable {

    public static final String TOPIC = "lifeline.hotline.ticket.v1";
    public static final String OPENED = "org.lifeline.hotline.TicketOpened.v1";

    private final String bootstrap;
    private final ResidentsEventsProducer producer;

    public HotlineTickets(String bootstrap) {
        this.bootstrap = bootstrap;
        this.producer = new ResidentsEventsProducer(bootstrap);
    }

    /** The data of a ticket of the household, category medical, opened by a call to 12345. */
    public static Map<String, Object> ticket(UUID ticketId, UUID householdId, String urgency, String route) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("ticketId", ticketId.toString());
        d.put("householdId", householdId.toString());
        d.put("placePath", Fixtures.UNIT1_PATH);
        d.put("category", "medical");
        d.put("urgency", urgency);
        d.put("status", "open");
        d.put("level", "community");
        d.put("levelCode", "610113001001");
        d.put("channel", "phone-12345");
        d.put("contactsCount", 1);
        d.put("fromLevel", null);
        d.put("reason", null);
        d.put("dueAt", null);
        d.put("route", route);
        d.put("linkedRef", null);
        d.put("at", OffsetDateTime.now(ZoneOffset.UTC).toString());
        return d;
    }

    /** One event of the hotline's ticket topic (key: the ticket id), as the hotline publishes it; waits until Kafka has it. */
    public void send(String type, UUID eventId, Map<String, Object> data) throws Exception {
        producer.send(TOPIC, (String) data.get("ticketId"), type, eventId, OffsetDateTime.now(ZoneOffset.UTC), data);
    }

    /** A {@code TicketOpened} on the hotline's topic from {@code source} (not the hotline); returns its event id. */
    public UUID forged(String source, Map<String, Object> data) throws Exception {
        UUID id = UUID.randomUUID();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("specversion", "1.0");
        e.put("id", id.toString());
        e.put("source", source);
        e.put("type", OPENED);
        e.put("subject", data.get("ticketId"));
        e.put("time", OffsetDateTime.now(ZoneOffset.UTC).toString());
        e.put("datacontenttype", "application/json");
        e.put("data", data);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> p = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(TOPIC, (String) data.get("ticketId"), new ObjectMapper().writeValueAsString(e))).get();
        }
        return id;
    }

    @Override
    public void close() {
        producer.close();
    }
}
