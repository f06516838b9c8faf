package org.lifeline.platform.inbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.sql.Connection;
import java.util.List;

/**
 * A handler that can apply many events of its topic at once: {@link InboxConsumer} hands it the first deliveries of a
 * partition's records of one poll (in their order) in one transaction with their inbox rows, so it can write them with
 * a few set-based statements instead of a few per event. If it throws, that transaction is rolled back and the same
 * records go through {@link #apply} one by one, each in its own transaction, so only the bad ones are parked. A replay
 * of a parked event also uses {@link #apply}.
 */
public interface BatchEventHandler extends EventHandler {

    /** One record of the batch: its key and the whole CloudEvent. */
    record Keyed(String key, JsonNode event) {
    }

    /**
     * @param events first deliveries only (their ids are in the inbox already, in this transaction), in partition order
     * @throws Exception to refuse the batch: it is then applied one event at a time
     */
    void applyAll(Connection connection, String topic, List<Keyed> events) throws Exception;

    @Override
    default void apply(Connection connection, String topic, String key, JsonNode event) throws Exception {
        applyAll(connection, topic, List.of(new Keyed(key, event)));
    }
}
