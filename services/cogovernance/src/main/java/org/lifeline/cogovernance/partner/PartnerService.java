package org.lifeline.cogovernance.partner;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.cogovernance.event.Outbox;
import org.lifeline.cogovernance.partner.PartnerApi.ApplyRequest;
import org.lifeline.cogovernance.partner.PartnerApi.Approval;
import org.lifeline.cogovernance.partner.PartnerApi.Credentials;
import org.lifeline.cogovernance.partner.PartnerApi.Partner;
import org.lifeline.cogovernance.places.Places;
import org.lifeline.cogovernance.privacy.AccessLog;
import org.lifeline.platform.partner.PartnerGate;
import org.lifeline.platform.privacy.Masking;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Caller;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Partner enterprises (merchants, labs, logistics): apply; a district officer (all the partner's areas inside
 * theirs) or a platform admin approves, which creates the partner's confidential client in Keycloak; secrets
 * rotate; suspension disables the client and refuses the partner's calls at once (its unexpired tokens too).
 */
@ApplicationScoped
public class PartnerService {

    private static final Logger LOG = Logger.getLogger(PartnerService.class);
    public static final String TOPIC = "lifeline.cogovernance.partner.v1";
    public static final String STATUS_CHANGED = "org.lifeline.cogovernance.PartnerStatusChanged.v1";

    /** Data of {@code PartnerStatusChanged.v1}: other services may cache which clients are live. */
    public record PartnerStatusChanged(UUID partnerId, String name, String kind, String clientId, String status, List<String> areaCodes) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Places places;

    @Inject
    KeycloakAdmin keycloak;

    @Inject
    Outbox outbox;

    public Partner apply(Caller caller, ApplyRequest request) {
        List<String> codes = request.areaCodes().stream().distinct().toList();
        Map<String, String> paths = places.pathsOf(codes);
        for (String code : codes) {
            if (!paths.containsKey(code)) {
                throw ProblemException.invalidField("areaCodes", Message.of("Unknown place code " + code + ".", "未知的地点编码 " + code + "。"));
            }
        }
        UUID id = UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO partner (id, name, kind, "
                + "contact_name, contact_phone, area_codes, area_paths, status, applied_by) VALUES (?, ?, ?, ?, ?, ?, ?, 'applied', ?)")) {
            s.setObject(1, id);
            s.setString(2, request.name());
            s.setString(3, request.kind());
            s.setString(4, request.contactName());
            s.setString(5, request.contactPhone());
            s.setArray(6, c.createArrayOf("text", codes.toArray()));
            s.setArray(7, c.createArrayOf("text", codes.stream().map(paths::get).toArray()));
            s.setString(8, caller.username());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return load(id);
    }

    /**
     * Approves (creating the Keycloak client with the partner's role and areas) or rejects an application. The
     * partner row stays locked during the Keycloak calls, so two approvers cannot create two clients.
     */
    public Approval decide(Caller caller, UUID id, String decision, String note) {
        Partner partner = visible(caller, id);
        Credentials credentials = null;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            String status;
            try (PreparedStatement s = c.prepareStatement("SELECT status FROM partner WHERE id = ? FOR UPDATE")) {
                s.setObject(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    status = rs.getString(1);
                }
            }
            if (!"applied".equals(status)) {
                c.rollback();
                throw ProblemException.conflict(Message.of("Partner " + id + " was already decided (" + status + ").",
                        "合作单位 " + id + " 已处理（" + status + "）。"));
            }
            String clientId = null;
            if ("approved".equals(decision)) {
                clientId = "partner-" + partner.kind() + "-" + id.toString().substring(0, 8);
                KeycloakAdmin.Client client = keycloak.createPartnerClient(clientId, partner.name(), partner.kind(), partner.areaCodes());
                credentials = new Credentials(id, clientId, client.secret(), keycloak.baseUrl() + "/realms/lifeline/protocol/openid-connect/token");
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE partner SET status = ?, client_id = ?, decided_by = ?, decided_at = now(), "
                    + "note = ? WHERE id = ?")) {
                s.setString(1, decision);
                s.setString(2, clientId);
                s.setString(3, caller.username());
                s.setString(4, note);
                s.setObject(5, id);
                s.executeUpdate();
            }
            outbox.write(c, TOPIC, id.toString(), STATUS_CHANGED, new PartnerStatusChanged(id, partner.name(), partner.kind(), clientId,
                    decision, partner.areaCodes()));
            c.commit();
        } catch (SQLException e) {
            if (credentials != null) {
                LOG.errorf("Partner %s: client %s was created in Keycloak but the approval was not saved (%s); approving again reuses it",
                        id, credentials.clientId(), e.getMessage());
            }
            throw new IllegalStateException(e);
        }
        return new Approval(load(id), credentials);
    }

    /** Suspends (disabling the client) or reinstates an approved partner. */
    public Partner setSuspended(Caller caller, UUID id, boolean suspended, String reason) {
        Partner partner = visible(caller, id);
        String from = suspended ? "approved" : "suspended";
        if (!from.equals(partner.status())) {
            throw ProblemException.conflict(Message.of("Partner " + id + " is " + partner.status() + ".", "合作单位 " + id + " 当前状态为 " + partner.status() + "。"));
        }
        String to = suspended ? "suspended" : "approved";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("UPDATE partner SET status = ?, note = ?, decided_by = ?, decided_at = now() "
                    + "WHERE id = ? AND status = ?")) {
                s.setString(1, to);
                s.setString(2, reason);
                s.setString(3, caller.username());
                s.setObject(4, id);
                s.setString(5, from);
                if (s.executeUpdate() == 0) {
                    c.rollback();
                    throw ProblemException.conflict(Message.of("Partner " + id + " changed meanwhile.", "合作单位 " + id + " 状态已变化。"));
                }
            }
            outbox.write(c, TOPIC, id.toString(), STATUS_CHANGED, new PartnerStatusChanged(id, partner.name(), partner.kind(),
                    partner.clientId(), to, partner.areaCodes()));
            // suspended here first (the partner is refused at once), then in Keycloak; if Keycloak fails the change is rolled back
            keycloak.setEnabled(partner.clientId(), !suspended);
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return load(id);
    }

    /** A new secret for an approved partner's client (by an approver, or by the partner itself). */
    public Credentials rotate(Partner partner) {
        if (!"approved".equals(partner.status())) {
            throw ProblemException.conflict(Message.of("Partner " + partner.id() + " is " + partner.status() + ".",
                    "合作单位 " + partner.id() + " 当前状态为 " + partner.status() + "。"));
        }
        String secret = keycloak.regenerateSecret(partner.clientId());
        return new Credentials(partner.id(), partner.clientId(), secret, keycloak.baseUrl() + "/realms/lifeline/protocol/openid-connect/token");
    }

    /** The calling partner (by its OAuth client id) with the token's roles; a suspended or unknown partner is refused. */
    public Partner self(String clientId, java.util.Set<String> roles) {
        Partner partner = null;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SELECT + " WHERE client_id = ?")) {
            s.setString(1, clientId);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    partner = partner(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        // the same rule and answer as the other services' PartnerGate: known, approved, of the kind the token's role says
        if (partner == null || !"approved".equals(partner.status()) || !roles.contains(partner.kind())) {
            throw PartnerGate.refused(clientId);
        }
        return partner;
    }

    /** The partner's notifications (an area it serves entered emergency mode), newest first. */
    public List<org.lifeline.cogovernance.volunteer.VolunteerApi.Notification> notifications(Partner partner) {
        List<org.lifeline.cogovernance.volunteer.VolunteerApi.Notification> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT id, topic, area_code, message, "
                + "created_at FROM notification WHERE recipient = ? AND recipient_kind = 'partner' ORDER BY id DESC LIMIT 100")) {
            s.setString(1, partner.clientId());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.add(new org.lifeline.cogovernance.volunteer.VolunteerApi.Notification(rs.getLong(1), rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getObject(5, OffsetDateTime.class)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return result;
    }

    /** A partner whose areas are all inside the caller's (district officers), or any for a platform admin; 404 otherwise. */
    public Partner visible(Caller caller, UUID id) {
        List<String> mine = places.paths(caller);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SELECT + " WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && Arrays.stream((String[]) rs.getArray("area_paths").getArray()).allMatch(p -> AreaPaths.within(mine, p))) {
                    AccessLog.record(c, caller, "partner", id, "contactPhone", "partner-administration");
                    return partner(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        throw ProblemException.notFound("Partner", id);
    }

    public PageView<Partner> list(Caller caller, String status, int page, int size) {
        List<String> mine = places.paths(caller);
        String where = " WHERE EXISTS (SELECT 1 FROM unnest(area_paths) p WHERE " + AreaPaths.sqlWithin("p", mine) + ")"
                + ("all".equals(status) ? "" : " AND status = ?");
        List<Partner> items = new ArrayList<>();
        long total;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(SELECT + where + " ORDER BY applied_at DESC, id LIMIT ? OFFSET ?")) {
                int i = 1;
                if (!"all".equals(status)) {
                    s.setString(i++, status);
                }
                s.setInt(i++, size);
                s.setLong(i, (long) page * size);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        items.add(masked(partner(rs)));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM partner" + where)) {
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

    /** Lists show the contact phone masked; opening one partner shows it, audited. */
    private static Partner masked(Partner p) {
        return new Partner(p.id(), p.name(), p.kind(), p.contactName(), Masking.phone(p.contactPhone()), p.areaCodes(), p.status(),
                p.clientId(), p.appliedBy(), p.appliedAt(), p.decidedBy(), p.decidedAt(), p.note());
    }

    private Partner load(UUID id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SELECT + " WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return partner(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String SELECT = "SELECT id, name, kind, contact_name, contact_phone, area_codes, area_paths, status, client_id, "
            + "applied_by, applied_at, decided_by, decided_at, note FROM partner";

    private static Partner partner(ResultSet rs) throws SQLException {
        return new Partner(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("kind"), rs.getString("contact_name"),
                rs.getString("contact_phone"), List.of((String[]) rs.getArray("area_codes").getArray()), rs.getString("status"),
                rs.getString("client_id"), rs.getString("applied_by"), rs.getObject("applied_at", OffsetDateTime.class),
                rs.getString("decided_by"), rs.getObject("decided_at", OffsetDateTime.class), rs.getString("note"));
    }
}
