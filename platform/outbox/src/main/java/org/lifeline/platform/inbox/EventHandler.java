package org.lifeline.platform.inbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.sql.Connection;

/** Applies one CloudEvent to the service's database, inside the transaction {@link InboxConsumer} opened. */
@FunctionalInterface
public interface EventHandler {

    /**
     * @param event the whole CloudEvent (its {@code data} holds the payload)
     * @throws Exception to refuse the event; it is then parked in {@code inbox_parked}, not retried
     */
    void apply(Connection connection, String topic, String key, JsonNode event) throws Exception;
}
