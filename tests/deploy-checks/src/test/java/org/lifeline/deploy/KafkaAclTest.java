package org.lifeline.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 item 10 in the chart: Kafka asks who you are (one SCRAM-SHA-512 listener, simple authorization), every
 * service signs in as its own Strimzi KafkaUser, whose ACLs let it write only its own topics
 * ({@code lifeline.<service>.*}) and read what it consumes. "What it consumes" is read from the services' code (the
 * topic names in {@code services/<name>/src/main/java}, residents' topics of the parts of the platform's read model it
 * keeps, and co-governance's partner topic where
 * {@code lifeline.partners.enabled=true}), so a new consumer without its ACL fails here, not in production. The
 * custom resources are read with Strimzi's own API types (io.strimzi:api).
 */
class KafkaAclTest {

    static final ObjectMapper STRIMZI = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    static final Pattern TOPIC = Pattern.compile("\"(lifeline\\.([a-z]+)\\.[a-z]+\\.v[0-9]+)\"");
    static final String PARTNERS = "lifeline.cogovernance.partner.v1";

    final List<ObjectNode> objects = Manifests.parse(Manifests.render(null, Map.of()));

    @Test
    void shouldAskEveryClientWhoItIs() throws Exception {
        Kafka kafka = STRIMZI.treeToValue(KubernetesApi.first(objects, "Kafka", "lifeline-kafka"), Kafka.class);
        List<GenericKafkaListener> listeners = kafka.getSpec().getKafka().getListeners();
        assertFalse(listeners.isEmpty());
        for (GenericKafkaListener listener : listeners) {
            assertInstanceOf(KafkaListenerAuthenticationScramSha512.class, listener.getAuth(), listener.getName() + " lets anyone in");
        }
        assertInstanceOf(KafkaAuthorizationSimple.class, kafka.getSpec().getKafka().getAuthorization());
        assertTrue(kafka.getSpec().getKafka().getConfig() == null
                || !kafka.getSpec().getKafka().getConfig().containsKey("allow.everyone.if.no.acl.found"));
        assertNotNull(kafka.getSpec().getEntityOperator().getUserOperator(), "the User Operator makes the users' Secrets");
    }

    @Test
    void shouldLetEachServiceWriteOnlyItsOwnTopicsAndReadWhatItConsumes() throws Exception {
        Map<String, Set<String>> consumed = consumedByService();
        assertEquals(Set.of("residents", "testing", "supplies", "medical", "cogovernance", "hotline"), consumed.keySet());
        Set<String> created = new TreeSet<>();
        for (ObjectNode o : objects) {
            if ("KafkaTopic".equals(o.path("kind").asText())) {
                KafkaTopic topic = STRIMZI.treeToValue(o, KafkaTopic.class);
                assertEquals("lifeline-kafka", topic.getMetadata().getLabels().get("strimzi.io/cluster"));
                created.add(topic.getSpec().getTopicName());
            }
        }
        for (var service : consumed.entrySet()) {
            String name = service.getKey();
            JsonNode object = KubernetesApi.first(objects, "KafkaUser", "lifeline-" + name);
            assertNotNull(object, "no KafkaUser for " + name);
            KafkaUser user = STRIMZI.treeToValue(object, KafkaUser.class);
            assertEquals("lifeline-kafka", user.getMetadata().getLabels().get("strimzi.io/cluster"));
            assertInstanceOf(KafkaUserScramSha512ClientAuthentication.class, user.getSpec().getAuthentication());
            List<AclRule> acls = ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
            Set<String> writes = new TreeSet<>();
            Set<String> reads = new TreeSet<>();
            Set<String> groups = new TreeSet<>();
            for (AclRule acl : acls) {
                Set<AclOperation> ops = Set.copyOf(acl.getOperations());
                assertNull(acl.getOperation(), "operations, not the deprecated operation");
                if (acl.getResource() instanceof AclRuleTopicResource topic) {
                    assertEquals(AclResourcePatternType.LITERAL, topic.getPatternType(), name + ": " + topic.getName());
                    assertFalse(topic.getName().contains("*"), name + ": " + topic.getName());
                    if (ops.contains(AclOperation.WRITE)) {
                        assertEquals(Set.of(AclOperation.WRITE, AclOperation.DESCRIBE), ops, name + " on " + topic.getName());
                        assertTrue(topic.getName().startsWith("lifeline." + name + "."),
                                name + " may write " + topic.getName() + ", which is not its own");
                        writes.add(topic.getName());
                    } else {
                        assertEquals(Set.of(AclOperation.READ, AclOperation.DESCRIBE), ops, name + " on " + topic.getName());
                        reads.add(topic.getName());
                    }
                } else if (acl.getResource() instanceof AclRuleGroupResource group) {
                    assertEquals(AclResourcePatternType.LITERAL, group.getPatternType());
                    assertEquals(Set.of(AclOperation.READ), ops);
                    groups.add(group.getName());
                } else {
                    throw new AssertionError(name + ": no ACL on anything but its topics and groups: " + acl.getResource());
                }
            }
            Set<String> own = new TreeSet<>();
            Set<String> others = new TreeSet<>();
            for (String topic : service.getValue()) {
                (topic.startsWith("lifeline." + name + ".") ? own : others).add(topic);
            }
            assertEquals(own, writes, name + " writes exactly the topics it owns");
            assertEquals(others, reads, name + " reads exactly the topics it consumes");
            assertTrue(created.containsAll(writes), "a KafkaTopic for each of " + writes);
            assertTrue(created.containsAll(reads), "every topic " + name + " reads is created by its owner: " + reads);
            assertTrue(groups.contains(name), name + " consumes as group " + name + ": " + groups);
            assertEquals(others.contains(PARTNERS), groups.contains(name + "-partners"), name + ": partner group " + groups);
            assertTrue(groups.stream().allMatch(g -> g.equals(name) || g.equals(name + "-partners")), name + ": " + groups);
        }
    }

    @Test
    void shouldWireEachServicesPasswordFromTheSecretStrimziMakes() {
        for (String name : List.of("residents", "testing", "supplies", "medical", "cogovernance", "hotline")) {
            JsonNode env = KubernetesApi.first(objects, "Deployment", "lifeline-" + name).at("/spec/template/spec/containers/0/env");
            Map<String, JsonNode> byName = new TreeMap<>();
            env.forEach(v -> byName.put(v.path("name").asText(), v));
            assertEquals("SCRAM-SHA-512", byName.get("LIFELINE_KAFKA_SASL_MECHANISM").path("value").asText(), name);
            assertEquals("lifeline-" + name, byName.get("LIFELINE_KAFKA_SASL_USERNAME").path("value").asText(), name);
            JsonNode secret = byName.get("LIFELINE_KAFKA_SASL_PASSWORD").at("/valueFrom/secretKeyRef");
            assertEquals("lifeline-" + name, secret.path("name").asText(), "the Secret named after the KafkaUser");
            assertEquals("password", secret.path("key").asText());
        }
        JsonNode gateway = KubernetesApi.first(objects, "Deployment", "lifeline-gateway").at("/spec/template/spec/containers/0");
        assertFalse(gateway.toString().contains("LIFELINE_KAFKA_SASL"), "the gateway uses no Kafka");
        assertNull(KubernetesApi.first(objects, "KafkaUser", "lifeline-gateway"));
        // an external Kafka is the admin's to secure: no KafkaUser, no SASL settings unless given
        List<ObjectNode> external = Manifests.parse(Manifests.render(null, Map.of("kafka.mode", "external")));
        assertTrue(external.stream().noneMatch(o -> o.path("kind").asText().startsWith("Kafka")));
        assertFalse(KubernetesApi.first(external, "Deployment", "lifeline-testing").toString().contains("LIFELINE_KAFKA_SASL"));
    }

    /** Topics each service names in its code or reads through the read model, plus the partner topic where PartnerDirectory is on. */
    static Map<String, Set<String>> consumedByService() throws IOException {
        Map<String, Set<String>> topics = new TreeMap<>();
        try (Stream<Path> services = Files.list(Manifests.root().resolve("services"))) {
            for (Path service : services.filter(Files::isDirectory).toList()) {
                Set<String> named = new TreeSet<>();
                try (Stream<Path> sources = Files.walk(service.resolve("src/main/java"))) {
                    sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                        String source = read(p);
                        Matcher m = TOPIC.matcher(source);
                        while (m.find()) {
                            named.add(m.group(1));
                        }
                        named.addAll(readModelTopics(source));
                    });
                }
                if (read(service.resolve("src/main/resources/application.properties")).contains("lifeline.partners.enabled=true")) {
                    named.add(PARTNERS);
                }
                topics.put(service.getFileName().toString(), named);
            }
        }
        return topics;
    }

    /**
     * Residents' topics a service reads through the platform's read model, from the parts it keeps:
     * {@code ResidentsReadModel.places()} the place topic, {@code withHouseholds()} or {@code withPersons()} the
     * household topic, {@code withGrids()} the grid topic.
     */
    static Set<String> readModelTopics(String source) {
        Set<String> topics = new TreeSet<>();
        if (source.contains("ResidentsReadModel.places()")) {
            topics.add("lifeline.residents.place.v1");
            if (source.contains(".withHouseholds()") || source.contains(".withPersons()")) {
                topics.add("lifeline.residents.household.v1");
            }
            if (source.contains(".withGrids()")) {
                topics.add("lifeline.residents.grid.v1");
            }
        }
        return topics;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
