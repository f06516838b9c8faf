package org.lifeline.cogovernance.volunteer;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.cogovernance.places.Places;
import org.lifeline.cogovernance.privacy.AccessLog;
import org.lifeline.cogovernance.volunteer.VolunteerApi.Notification;
import org.lifeline.cogovernance.volunteer.VolunteerApi.RegisterRequest;
import org.lifeline.cogovernance.volunteer.VolunteerApi.Volunteer;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.privacy.Masking;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Caller;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Volunteers (社区志愿者, "community militia"): register themselves with skills, availability and home area; community
 * staff of that area vet them. In normal mode they are a reserve; entering emergency notifies the vetted ones.
 * Other volunteers see a volunteer's name and phone masked; staff see phones masked in lists and unmasked
 * when they open one volunteer, a read written to {@code personal_data_access} in the same transaction.
 */
@ApplicationScoped
public class VolunteerService {

    /** The calling volunteer's own record, as other parts need it. */
    public record Enrolled(UUID id, String name, String status, String homeAreaPath) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Places places;

    public Volunteer register(Caller caller, RegisterRequest request) {
        String path = places.path(request.homeAreaCode()).orElseThrow(() -> ProblemException.invalidField("homeAreaCode",
                Message.of("Unknown place code " + request.homeAreaCode() + ".", "未知的地点编码 " + request.homeAreaCode() + "。")));
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO volunteer (id, subject, "
                + "username, name, phone, skills, availability, home_area_code, home_area_path, status) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending') ON CONFLICT (subject) DO NOTHING")) {
            s.setObject(1, UUID.randomUUID());
            s.setString(2, caller.subject());
            s.setString(3, caller.username());
            s.setString(4, request.name());
            s.setString(5, request.phone());
            s.setArray(6, c.createArrayOf("text", request.skills().stream().distinct().toArray()));
            s.setString(7, request.availability());
            s.setString(8, request.homeAreaCode());
            s.setString(9, path);
            if (s.executeUpdate() == 0) {
                throw ProblemException.conflict(Message.of("You are registered already.", "您已经登记过。"));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return mine(caller);
    }

    public Volunteer mine(Caller caller) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SELECT + " WHERE subject = ?")) {
            s.setString(1, caller.subject());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return volunteer(rs, false);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        throw ProblemException.notFound("Volunteer", caller.username());
    }

    public Optional<Enrolled> enrolled(Caller caller) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT id, name, status, "
                + "home_area_path FROM volunteer WHERE subject = ?")) {
            s.setString(1, caller.subject());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Enrolled(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Enrolled requireVetted(Caller caller) {
        Enrolled me = enrolled(caller).orElseThrow(() -> ProblemException.forbidden(Message.of(
                "Register as a volunteer first.", "请先登记为志愿者。")));
        if (!"vetted".equals(me.status())) {
            throw ProblemException.forbidden(Message.of("Your registration is not vetted (" + me.status() + ").",
                    "您的志愿者登记尚未通过审核（" + me.status() + "）。"));
        }
        return me;
    }

    /** Staff of the volunteer's home area vet or reject the registration. */
    public Volunteer vet(Caller caller, UUID id, String decision, String note) {
        Volunteer before = get(caller, id);
        if (before.masked()) {
            throw ProblemException.notFound("Volunteer", id);
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("UPDATE volunteer SET status = ?, "
                + "vetted_by = ?, vetted_at = now(), vetting_note = ? WHERE id = ?")) {
            s.setString(1, decision);
            s.setString(2, caller.username());
            s.setString(3, note);
            s.setObject(4, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return get(caller, id);
    }

    /**
     * A volunteer of the caller's areas (home area inside them). Staff see everything; another volunteer sees
     * the name and phone masked; the volunteer themself sees their own record in full.
     */
    public Volunteer get(Caller caller, UUID id) {
        List<String> mine = paths(caller);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SELECT + " WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && (AreaPaths.within(mine, rs.getString("home_area_path")) || caller.subject().equals(rs.getString("subject")))) {
                    String subject = rs.getString("subject");
                    Volunteer volunteer = volunteer(rs, view(caller, subject, true));
                    if (!caller.subject().equals(subject) && !volunteer.masked()) {
                        AccessLog.record(c, caller, "volunteer", id, "phone", "volunteer-contact");
                    }
                    return volunteer;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        throw ProblemException.notFound("Volunteer", id);
    }

    public PageView<Volunteer> list(Caller caller, String status, int page, int size) {
        String where = " WHERE " + AreaPaths.sqlWithin("home_area_path", paths(caller)) + ("all".equals(status) ? "" : " AND status = ?");
        List<Volunteer> items = new ArrayList<>();
        long total;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(SELECT + where + " ORDER BY registered_at, id LIMIT ? OFFSET ?")) {
                int i = 1;
                if (!"all".equals(status)) {
                    s.setString(i++, status);
                }
                s.setInt(i++, size);
                s.setLong(i, (long) page * size);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        items.add(volunteer(rs, view(caller, rs.getString("subject"), false)));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM volunteer" + where)) {
                if (!"all".equals(status)) {
                    s.setString(1, status);
                }
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return PageView.of(items, page, size, total);
    }

    /** The calling volunteer's notifications (newest first). */
    public List<Notification> notifications(Caller caller) {
        List<Notification> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT id, topic, area_code, message, "
                + "created_at FROM notification WHERE recipient = ? AND recipient_kind = 'volunteer' ORDER BY id DESC LIMIT 100")) {
            s.setString(1, caller.subject());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.add(new Notification(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return result;
    }

    /** Staff (and admins) see their areas; a volunteer sees volunteers of their own areas (masked). */
    private List<String> paths(Caller caller) {
        return places.paths(caller);
    }

    /** How much of a volunteer a caller sees. */
    enum View {
        /** the volunteer themself, or staff reading one record (audited) */
        FULL,
        /** staff in lists: the name, the phone masked */
        PHONE_MASKED,
        /** another volunteer: name and phone masked */
        MASKED
    }

    private static View view(Caller caller, String subject, boolean single) {
        if (caller.subject().equals(subject)) {
            return View.FULL;
        }
        if (caller.isStaff() || caller.isPlatformAdmin()) {
            return single ? View.FULL : View.PHONE_MASKED;
        }
        return View.MASKED;
    }

    private static final String SELECT = "SELECT id, subject, username, name, phone, skills, availability, home_area_code, "
            + "home_area_path, status, vetted_by, vetted_at, registered_at FROM volunteer";

    private static Volunteer volunteer(ResultSet rs, boolean masked) throws SQLException {
        return volunteer(rs, masked ? View.MASKED : View.FULL);
    }

    private static Volunteer volunteer(ResultSet rs, View view) throws SQLException {
        boolean masked = view == View.MASKED;
        String name = rs.getString("name");
        return new Volunteer(rs.getObject("id", UUID.class), masked ? null : rs.getString("username"),
                masked ? maskName(name) : name, view == View.FULL ? rs.getString("phone") : Masking.phone(rs.getString("phone")),
                List.of((String[]) rs.getArray("skills").getArray()), rs.getString("availability"), rs.getString("home_area_code"),
                rs.getString("status"), masked ? null : rs.getString("vetted_by"), rs.getObject("vetted_at", OffsetDateTime.class),
                rs.getObject("registered_at", OffsetDateTime.class), masked);
    }

    /** 陈小明 → 陈**; a one-character name → *. */
    static String maskName(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        int first = name.codePointAt(0);
        int rest = name.codePointCount(0, name.length()) - 1;
        return rest == 0 ? "*" : new String(Character.toChars(first)) + "*".repeat(rest);
    }
}
