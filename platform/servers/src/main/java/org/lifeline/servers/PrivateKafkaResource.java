package org.lifeline.servers;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * A Kafka broker of the test class's own, so that the test can stop and start it (see
 * {@link KafkaOutage}) without disturbing the other tests' shared broker. Sets
 * {@code kafka.bootstrap.servers}; combine with {@link LifelineServersResource} without {@code kafka}.
 */
public class PrivateKafkaResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        KafkaServer server = SharedServers.privateKafka("private");
        KafkaOutage.remember(server);
        return Map.of("kafka.bootstrap.servers", server.bootstrapServers());
    }

    @Override
    public void stop() {
        KafkaOutage.stopQuietly();
    }
}
