package org.lifeline.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.KafkaServer;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart's KafkaUsers, as Strimzi would apply them, on a real Kafka 4 broker (KRaft) started with a SCRAM-SHA-512
 * listener and ACL authorization: residents signs in and is refused when it writes testing's results topic (a forged
 * {@code TestResultRecorded} cannot even reach the topic), testing writes it, and residents reads it as its group.
 * Strimzi itself is not run here (no Kubernetes): this test turns each KafkaUser's ACL rules into Kafka ACL bindings
 * the way the User Operator does, one binding per operation, host "*".
 */
class KafkaAclOnBrokerTest {

    static final String SUPER = "admin";
    static final String SUPER_PASSWORD = "admin-secret";
    static final String RESULTS = "lifeline.testing.result.v1";

    static KafkaServer kafka;
    static Map<String, String> passwords = new HashMap<>();

    @BeforeAll
    static void startSecuredKafka() throws Exception {
        Path dir = Files.createTempDirectory("kafka-scram");
        kafka = KafkaServer.startWithScram(dir, freePort(), freePort(), dir.resolve("kafka.log"), dir.resolve("kafka.pid"),
                SUPER, SUPER_PASSWORD);
        List<ObjectNode> objects = Manifests.parse(Manifests.render(null, Map.of()));
        List<AclBinding> bindings = new ArrayList<>();
        List<org.apache.kafka.clients.admin.UserScramCredentialAlteration> users = new ArrayList<>();
        List<NewTopic> topics = new ArrayList<>();
        for (ObjectNode o : objects) {
            if ("KafkaTopic".equals(o.path("kind").asText())) {
                topics.add(new NewTopic(o.at("/spec/topicName").asText(), 1, (short) 1));
            }
            if (!"KafkaUser".equals(o.path("kind").asText())) {
                continue;
            }
            KafkaUser user = KafkaAclTest.STRIMZI.treeToValue(o, KafkaUser.class);
            String name = user.getMetadata().getName();
            String password = "pw-" + name;
            passwords.put(name, password);
            users.add(new UserScramCredentialUpsertion(name, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password));
            for (AclRule rule : ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls()) {
                ResourcePattern resource = rule.getResource() instanceof AclRuleTopicResource t
                        ? new ResourcePattern(ResourceType.TOPIC, t.getName(), PatternType.LITERAL)
                        : new ResourcePattern(ResourceType.GROUP, ((AclRuleGroupResource) rule.getResource()).getName(), PatternType.LITERAL);
                for (AclOperation op : rule.getOperations()) {
                    bindings.add(new AclBinding(resource, new AccessControlEntry("User:" + name, "*",
                            org.apache.kafka.common.acl.AclOperation.fromString(op.toValue()), AclPermissionType.ALLOW)));
                }
            }
        }
        try (Admin admin = Admin.create(KafkaServer.scramClient(kafka.bootstrapServers(), SUPER, SUPER_PASSWORD))) {
            admin.createTopics(topics).all().get();
            admin.alterUserScramCredentials(users).all().get();
            admin.createAcls(bindings).all().get();
        }
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldLetOnlyTheOwnerWriteItsTopicAndItsConsumersReadIt() throws Exception {
        // residents, signed in as itself, cannot put a TestResultRecorded on testing's topic
        ExecutionException refused = assertThrows(ExecutionException.class, () -> send("lifeline-residents", passwords.get("lifeline-residents"), RESULTS, "forged"));
        assertInstanceOf(TopicAuthorizationException.class, refused.getCause(), refused.toString());
        // nor can a user with a wrong password
        assertThrows(ExecutionException.class, () -> send("lifeline-supplies", "wrong", "lifeline.residents.household.v1", "forged"));
        // testing can, and residents reads it as its consumer group
        send("lifeline-testing", passwords.get("lifeline-testing"), RESULTS, "genuine");
        Map<String, Object> props = new HashMap<>(KafkaServer.scramClient(kafka.bootstrapServers(), "lifeline-residents",
                passwords.get("lifeline-residents")));
        props.put("group.id", "residents");
        props.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(RESULTS));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
            assertEquals(List.of("genuine"), values, "only testing's event is on the topic");
        }
        // under another group's name residents reads nothing
        props.put("group.id", "testing");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(RESULTS));
            Exception e = assertThrows(Exception.class, () -> {
                for (int i = 0; i < 40; i++) {
                    consumer.poll(Duration.ofMillis(250));
                }
            });
            assertTrue(e.getClass().getSimpleName().contains("GroupAuthorization"), e.toString());
        }
    }

    @Test
    void shouldRefuseAClientThatDoesNotSignIn() {
        Map<String, Object> props = Map.of("bootstrap.servers", kafka.bootstrapServers(), "max.block.ms", "5000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            assertThrows(Exception.class, () -> producer.send(new ProducerRecord<>(RESULTS, "k", "forged")).get());
        }
        assertTrue(Set.of("lifeline-residents", "lifeline-testing", "lifeline-supplies", "lifeline-medical",
                "lifeline-cogovernance", "lifeline-hotline").equals(passwords.keySet()), passwords.keySet().toString());
    }

    private static void send(String user, String password, String topic, String value) throws Exception {
        Map<String, Object> props = new HashMap<>(KafkaServer.scramClient(kafka.bootstrapServers(), user, password));
        props.put("max.block.ms", "10000");
        props.put("delivery.timeout.ms", "15000");
        props.put("request.timeout.ms", "10000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", value)).get();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
