package org.lifeline.residents.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.platform.inbox.InboxConsumer;
import org.lifeline.residents.event.TestingFacts;

import java.sql.Connection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * Reads testing's facts ({@code lifeline.testing.result.v1}) into residents' own records ({@link TestingFacts}) and
 * hands them to {@link ControlPolicy}, which decides what they mean for households (ARCHITECTURE.md rule 2: "a
 * positive tube → testing publishes TestResultRecorded → residents puts the household under control"). Each
 * event in one transaction with its inbox record, so a redelivery changes nothing. Other types
 * ({@code RetestRequired}, ...) need nothing of residents.
 */
@ApplicationScoped
public class TestResultsConsumer {

    public static final String TOPIC = TestingFacts.TOPIC;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper mapper;

    @Inject
    ControlPolicy policy;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "residents.test-results.enabled", defaultValue = "true")
    boolean enabled;

    private InboxConsumer consumer;

    void start(@Observes StartupEvent event) {
        if (enabled) {
            consumer = new InboxConsumer("test-results", bootstrapServers, "residents", dataSource,
                    Map.of(TOPIC, (c, topic, key, e) -> apply(c, e))).start();
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (consumer != null) {
            consumer.close();
        }
    }

    void apply(Connection c, JsonNode event) throws Exception {
        String type = event.path("type").asText();
        if (TestingFacts.RECORDED.equals(type)) {
            policy.resultRecorded(c, mapper.treeToValue(event.get("data"), TestingFacts.ResultRecorded.class), time(event));
        } else if (TestingFacts.CLEARED.equals(type)) {
            policy.householdCleared(c, mapper.treeToValue(event.get("data"), TestingFacts.HouseholdCleared.class), time(event));
        }
    }

    private static Instant time(JsonNode event) {
        return OffsetDateTime.parse(event.path("time").asText()).toInstant();
    }

    /** Events applied since start. */
    public long applied() {
        return consumer == null ? 0 : consumer.applied();
    }
}
