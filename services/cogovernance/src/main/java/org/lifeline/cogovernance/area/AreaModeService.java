package org.lifeline.cogovernance.area;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.cogovernance.area.AreaModeApi.AreaMode;
import org.lifeline.cogovernance.area.AreaModeApi.AreaModeChanged;
import org.lifeline.cogovernance.area.AreaModeApi.Change;
import org.lifeline.cogovernance.area.AreaModeApi.Notified;
import org.lifeline.cogovernance.event.Outbox;
import org.lifeline.cogovernance.places.Places;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mode of an area: normal → emergency → recovery → normal (or back to emergency from recovery), each change
 * with who, when and why, published as {@code AreaModeChanged} so other services learn it. Entering emergency
 * notifies the vetted (reserve) volunteers whose home area is inside the area or holds it and the approved partners serving it, in the same transaction.
 */
@ApplicationScoped
public class AreaModeService {

    public static final String TOPIC = "lifeline.cogovernance.area.v1";
    public static final String CHANGED = "org.lifeline.cogovernance.AreaModeChanged.v1";
    static final Map<String, Set<String>> NEXT = Map.of(
            "normal", Set.of("emergency"),
            "emergency", Set.of("recovery"),
            "recovery", Set.of("normal", "emergency"));

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Places places;

    @Inject
    Outbox outbox;

    /** The mode of any known area (the mode is not secret: partners and volunteers act on it). */
    public AreaMode get(String code) {
        String path = places.path(code).orElseThrow(() -> ProblemException.notFound("Area", code));
        try (Connection c = dataSource.getConnection()) {
            return read(c, code, path, null);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public AreaMode change(Caller caller, String code, String mode, String reason) {
        String path = places.requireWithin(caller, "areaCode", List.of(code)).get(0);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO area_mode (area_code, area_path, mode, reason, changed_by, "
                    + "changed_at, version) VALUES (?, ?, 'normal', 'initial', 'system', now(), 0) ON CONFLICT DO NOTHING")) {
                s.setString(1, code);
                s.setString(2, path);
                s.executeUpdate();
            }
            String from;
            long version;
            try (PreparedStatement s = c.prepareStatement("SELECT mode, version FROM area_mode WHERE area_code = ? FOR UPDATE")) {
                s.setString(1, code);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    from = rs.getString(1);
                    version = rs.getLong(2) + 1;
                }
            }
            if (!NEXT.get(from).contains(mode)) {
                c.rollback();
                throw ProblemException.conflict(Message.of("Area " + code + " is in " + from + " mode; it can go to "
                        + NEXT.get(from) + ", not " + mode + ".", "区域 " + code + " 当前为 " + from + " 状态，不能切换到 " + mode + "。"));
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            try (PreparedStatement s = c.prepareStatement("UPDATE area_mode SET mode = ?, reason = ?, changed_by = ?, changed_at = ?, "
                    + "version = ?, area_path = ? WHERE area_code = ?")) {
                s.setString(1, mode);
                s.setString(2, reason);
                s.setString(3, caller.username());
                s.setObject(4, now);
                s.setLong(5, version);
                s.setString(6, path);
                s.setString(7, code);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO area_mode_change (area_code, from_mode, to_mode, reason, "
                    + "changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setString(1, code);
                s.setString(2, from);
                s.setString(3, mode);
                s.setString(4, reason);
                s.setString(5, caller.username());
                s.setObject(6, now);
                s.executeUpdate();
            }
            outbox.write(c, TOPIC, code, CHANGED, new AreaModeChanged(code, path, from, mode, reason, caller.username(), now, version));
            Notified notified = "emergency".equals(mode) ? notify(c, code, path, reason) : new Notified(0, 0);
            c.commit();
            return read(c, code, path, notified);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Notified notify(Connection c, String code, String path, String reason) throws SQLException {
        String message = "区域 " + code + " 进入应急状态，请查看任务板。Area " + code + " entered emergency mode: see the task board. "
                + "(" + reason + ")";
        int volunteers;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO notification (recipient, recipient_kind, topic, area_code, message) "
                + "SELECT subject, 'volunteer', 'emergency', ?, ? FROM volunteer WHERE status = 'vetted' "
                + "AND (home_area_path LIKE ? OR ? LIKE home_area_path || '%')")) {
            s.setString(1, code);
            s.setString(2, message);
            s.setString(3, like(path));
            s.setString(4, path);
            volunteers = s.executeUpdate();
        }
        int partners;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO notification (recipient, recipient_kind, topic, area_code, message) "
                + "SELECT client_id, 'partner', 'emergency', ?, ? FROM partner WHERE status = 'approved' AND EXISTS "
                + "(SELECT 1 FROM unnest(area_paths) p WHERE p LIKE ? OR ? LIKE p || '%')")) {
            s.setString(1, code);
            s.setString(2, message);
            s.setString(3, like(path));
            s.setString(4, path);
            partners = s.executeUpdate();
        }
        return new Notified(volunteers, partners);
    }

    private static String like(String path) {
        return path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static AreaMode read(Connection c, String code, String path, Notified notified) throws SQLException {
        List<Change> history = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT from_mode, to_mode, reason, changed_by, changed_at FROM area_mode_change "
                + "WHERE area_code = ? ORDER BY id DESC LIMIT 50")) {
            s.setString(1, code);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    history.add(new Change(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class)));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT mode, reason, changed_by, changed_at, version FROM area_mode WHERE area_code = ?")) {
            s.setString(1, code);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && rs.getLong(5) > 0) {
                    return new AreaMode(code, path, rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class), rs.getLong(5), notified, history);
                }
            }
        }
        return new AreaMode(code, path, "normal", null, null, null, 0, notified, history);
    }
}
