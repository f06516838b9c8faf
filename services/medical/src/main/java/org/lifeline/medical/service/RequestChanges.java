package org.lifeline.medical.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.medical.api.MedicalApi.RequestView;
import org.lifeline.medical.model.RequestRow;
import org.lifeline.platform.events.EventType;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.outbox.Outbox;
import org.lifeline.platform.outbox.OutboxRelay;
import org.lifeline.platform.security.Caller;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * How every change of an existing request runs: one transaction with the request's row locked ({@code FOR UPDATE},
 * 404 when it does not exist), the change (it checks who may make it), then after the commit the outbox relay woken,
 * the webhook of the notification the change wrote (if any), and the request as the caller now sees it. Events go
 * through {@link #publish}; the time of the change is {@link #now} (the injected clock).
 */
@ApplicationScoped
public class RequestChanges {

    /** A change of a locked request, in its transaction. */
    @FunctionalInterface
    public interface Change {
        void apply(Connection c, RequestRow row) throws SQLException;
    }

    /** A change that writes a notification; returns its id (for the webhook after the commit). */
    @FunctionalInterface
    public interface NotifyingChange {
        long apply(Connection c, RequestRow row) throws SQLException;
    }

    @Inject
    Transactions tx;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper mapper;

    @Inject
    OutboxRelay relay;

    @Inject
    WebhookNotifier webhook;

    @Inject
    RequestAccess access;

    @Inject
    RequestViews views;

    public RequestView change(Caller caller, UUID id, String httpRequestId, Change change) {
        tx.run(c -> change.apply(c, access.lock(c, id)));
        return committed(caller, id, null, httpRequestId);
    }

    /** A change whose caller shows the request its own way afterwards (no view read here, so no second audit row). */
    public void changeWithoutView(UUID id, Change change) {
        tx.run(c -> change.apply(c, access.lock(c, id)));
        afterCommit(List.of());
    }

    public RequestView changeAndNotify(Caller caller, UUID id, String httpRequestId, NotifyingChange change) {
        long notification = tx.call(c -> change.apply(c, access.lock(c, id)));
        return committed(caller, id, notification, httpRequestId);
    }

    /** After a change of the request committed: the relay woken, the notification's webhook, the caller's view. */
    public RequestView committed(Caller caller, UUID id, Long notification, String httpRequestId) {
        afterCommit(notification == null ? List.of() : List.of(notification));
        return views.view(caller, id, httpRequestId);
    }

    /** After a change committed: the relay woken, the webhooks of the notifications it wrote. */
    public void afterCommit(List<Long> notifications) {
        relay.wake();
        if (!notifications.isEmpty()) {
            webhook.send(notifications);
        }
    }

    /** One event about the request (key: its id) into the outbox, in the connection's transaction. */
    public void publish(Connection c, EventType type, UUID request, Object data) throws SQLException {
        Outbox.write(c, mapper, type, request.toString(), data);
    }

    public Instant now() {
        return clock.instant();
    }

    public static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
