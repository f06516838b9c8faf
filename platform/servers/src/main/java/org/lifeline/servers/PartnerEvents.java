package org.lifeline.servers;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Publishes {@code PartnerStatusChanged.v1} exactly as co-governance does (docs/events.md), for tests and harnesses
 * that run a service without co-governance: the service learns its partners through its real consumer. The demo
 * partners of identity/lifeline-realm.json ({@link #DEMO}) get the same partner ids as co-governance's demo loader
 * gives them ({@link #demoPartnerId}).
 */
public final class PartnerEvents {

    public static final String TOPIC = "lifeline.cogovernance.partner.v1";
    public static final String TYPE = "org.lifeline.cogovernance.PartnerStatusChanged.v1";

    /** A partner client of the demo realm: client id, kind (its realm role), name, area codes. */
    public record DemoPartner(String clientId, String kind, String name, List<String> areaCodes) {
    }

    public static final List<DemoPartner> DEMO = List.of(
            new DemoPartner("demo-merchant", "merchant", "演示商户一", List.of("610113001")),
            new DemoPartner("demo-merchant-2", "merchant", "演示商户二", List.of("610113001")),
            new DemoPartner("demo-lab", "lab", "演示实验室一", List.of("610113")),
            new DemoPartner("demo-lab-2", "lab", "演示实验室二", List.of("610113")));

    private PartnerEvents() {
    }

    /** The partner id co-governance's demo loader gives a demo client (stable, so both sides agree). */
    public static UUID demoPartnerId(String clientId) {
        return UUID.nameUUIDFromBytes(("lifeline-demo-partner:" + clientId).getBytes(StandardCharsets.UTF_8));
    }

    /** Announces the demo partners as approved. */
    public static void announceDemoPartners(String bootstrap) {
        announceDemoPartners(bootstrap, "");
    }

    /** Announces the demo partners as approved, to a stack whose services have {@code lifeline.kafka.topic-prefix}. */
    public static void announceDemoPartners(String bootstrap, String topicPrefix) {
        for (DemoPartner p : DEMO) {
            publish(bootstrap, topicPrefix, demoPartnerId(p.clientId()), p.clientId(), p.kind(), p.name(), "approved",
                    p.areaCodes());
        }
    }

    /**
     * Announces the demo partners and waits (at most a minute) until the given services let them in: testing
     * ({@code testingUrl}, may be null) answers a demo lab's empty result batch 400, past the partner check, and
     * supplies ({@code suppliesUrl}, may be null) answers a demo merchant's order list 200. Either URL may be the
     * gateway's.
     */
    public static void announceDemoPartnersAndWait(String bootstrap, String testingUrl, String suppliesUrl) {
        announceDemoPartnersAndWait(bootstrap, "", testingUrl, suppliesUrl);
    }

    /** The same, to a stack whose services have {@code lifeline.kafka.topic-prefix} {@code topicPrefix}. */
    public static void announceDemoPartnersAndWait(String bootstrap, String topicPrefix, String testingUrl,
            String suppliesUrl) {
        announceDemoPartners(bootstrap, topicPrefix);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (DemoPartner p : DEMO) {
            boolean lab = p.kind().equals("lab");
            String base = lab ? testingUrl : suppliesUrl;
            if (base == null) {
                continue;
            }
            String token = Tokens.ofClient(p.clientId(), p.clientId() + "-secret");
            HttpRequest request = lab
                    ? HttpRequest.newBuilder(URI.create(base + "/api/testing/results")).header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"results\":[]}")).build()
                    : HttpRequest.newBuilder(URI.create(base + "/api/supplies/orders")).header("Authorization", "Bearer " + token)
                            .GET().build();
            int expected = lab ? 400 : 200;
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            int last = -1;
            while (System.nanoTime() < deadline) {
                try {
                    last = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (last == expected) {
                        break;
                    }
                    Thread.sleep(200);
                } catch (java.io.IOException e) {
                    last = -1;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            if (last != expected) {
                throw new IllegalStateException(p.clientId() + " is still refused at " + base + " (" + last
                        + ") a minute after its partner event");
            }
        }
    }

    /** One {@code PartnerStatusChanged.v1} (a new event id), keyed by the partner id; waits until Kafka has it. */
    public static void publish(String bootstrap, UUID partnerId, String clientId, String kind, String name, String status,
            List<String> areaCodes) {
        publish(bootstrap, "", partnerId, clientId, kind, name, status, areaCodes);
    }

    /** The same on the topic under {@code topicPrefix} (a stack's {@code lifeline.kafka.topic-prefix}). */
    public static void publish(String bootstrap, String topicPrefix, UUID partnerId, String clientId, String kind,
            String name, String status, List<String> areaCodes) {
        String areas = areaCodes.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(",", "[", "]"));
        String event = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/lifeline/cogovernance\","
                + "\"type\":\"" + TYPE + "\",\"subject\":\"" + partnerId + "\",\"time\":\"" + OffsetDateTime.now(ZoneOffset.UTC)
                + "\",\"datacontenttype\":\"application/json\",\"data\":{\"partnerId\":\"" + partnerId + "\",\"name\":\""
                + name + "\",\"kind\":\"" + kind + "\",\"clientId\":\"" + clientId + "\",\"status\":\"" + status
                + "\",\"areaCodes\":" + areas + "}}";
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topicPrefix + TOPIC, partnerId.toString(), event)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish a partner event to " + bootstrap, e);
        }
    }
}
