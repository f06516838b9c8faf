package org.lifeline.cogovernance.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.cogovernance.api.AreaModeApi.AreaMode;
import org.lifeline.cogovernance.api.AreaModeApi.Notified;
import org.lifeline.cogovernance.config.Texts;
import org.lifeline.cogovernance.event.AreaModeChanged;
import org.lifeline.cogovernance.repository.AreaModeRepository;
import org.lifeline.cogovernance.repository.AreaModeRepository.Current;
import org.lifeline.cogovernance.repository.NotificationRepository;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.outbox.Outbox;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;

/**
 * The mode of an area: normal → emergency → recovery → normal (or back to emergency from recovery), each change
 * with who, when and why, published as {@code AreaModeChanged} so other services learn it. Entering emergency
 * notifies the vetted (reserve) volunteers whose home area is inside the area or holds it and the approved partners
 * serving it, in the same transaction.
 */
@ApplicationScoped
public class AreaModeService {

    static final Map<String, Set<String>> NEXT = Map.of(
            "normal", Set.of("emergency"),
            "emergency", Set.of("recovery"),
            "recovery", Set.of("normal", "emergency"));

    @Inject
    Transactions tx;

    @Inject
    AreaModeRepository repository;

    @Inject
    NotificationRepository notifications;

    @Inject
    PlaceScopes places;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    /** The mode of any known area (the mode is not secret: partners and volunteers act on it). */
    public AreaMode get(String code) {
        String path = places.path(code).orElseThrow(() -> ProblemException.notFound("Area", code));
        return tx.read(c -> read(c, code, path, null));
    }

    public AreaMode change(Caller caller, String code, String mode, String reason) {
        String path = places.requireWithin(caller, "areaCode", code);
        return tx.call(c -> {
            Current current = repository.lock(c, code, path);
            String from = current.mode();
            long version = current.version() + 1;
            if (!NEXT.get(from).contains(mode)) {
                throw ProblemException.conflict(Texts.of("area.mode-transition", code, from, NEXT.get(from), mode));
            }
            OffsetDateTime now = OffsetDateTime.now(clock);
            repository.change(c, code, path, from, mode, reason, caller.username(), now, version);
            Outbox.write(c, mapper, AreaModeChanged.TYPE, code,
                    new AreaModeChanged(code, path, from, mode, reason, caller.username(), now, version));
            Notified notified = "emergency".equals(mode)
                    ? notifications.emergency(c, code, path, Texts.of("notification.emergency", code, reason).zh())
                    : new Notified(0, 0);
            return read(c, code, path, notified);
        });
    }

    private AreaMode read(Connection c, String code, String path, Notified notified) throws SQLException {
        var history = repository.history(c, code);
        return repository.current(c, code).filter(m -> m.version() > 0)
                .map(m -> new AreaMode(code, path, m.mode(), m.reason(), m.changedBy(), m.changedAt(), m.version(), notified, history))
                .orElseGet(() -> new AreaMode(code, path, "normal", null, null, null, 0, notified, history));
    }
}
