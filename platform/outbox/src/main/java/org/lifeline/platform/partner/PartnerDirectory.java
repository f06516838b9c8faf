package org.lifeline.platform.partner;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.platform.inbox.InboxConsumer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Which partner enterprises (merchants, labs, logistics) exist and whether they may act, as co-governance
 * announces them: a read model fed by {@code PartnerStatusChanged.v1} on {@code lifeline.cogovernance.partner.v1}
 * through the platform inbox (each event applied once), kept in the service's own database. A service that serves
 * partner roles turns it on with {@code lifeline.partners.enabled=true}; {@link PartnerGate} then refuses a partner
 * that is not known and approved, on every request.
 *
 * <p>Keyed by the partner's OAuth client id (what a partner's token names in {@code azp}). Events of one partner
 * share its Kafka key, so they arrive in order; a row is still only replaced by an event with a later (or equal)
 * CloudEvent {@code time}, so a redelivered older status cannot bring back a suspended partner. An event without a
 * client id (a rejected application) changes nothing: such a partner has no client to refuse. The table
 * ({@code partner_rm}) is created by each service's Flyway migration.
 */
@ApplicationScoped
public class PartnerDirectory {

    public static final String TOPIC = "lifeline.cogovernance.partner.v1";
    public static final String STATUS_CHANGED = "org.lifeline.cogovernance.PartnerStatusChanged.v1";

    /** A partner as this service knows it. {@code status}: approved, rejected or suspended. */
    public record Partner(String clientId, UUID partnerId, String name, String kind, String status, List<String> areaCodes) {

        public boolean isApproved() {
            return "approved".equals(status);
        }
    }

    @Inject
    Instance<AgroalDataSource> dataSource;

    @ConfigProperty(name = "lifeline.partners.enabled", defaultValue = "false")
    boolean enabled;

    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:19092")
    String bootstrapServers;

    /** Default: {@code <quarkus.application.name>-partners}, apart from the service's other consumers. */
    @ConfigProperty(name = "lifeline.partners.group-id")
    Optional<String> groupId;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "lifeline")
    String application;

    private InboxConsumer consumer;

    void start(@Observes StartupEvent event) {
        if (enabled) {
            consumer = new InboxConsumer("partner-events", bootstrapServers, groupId.orElse(application + "-partners"), dataSource.get(),
                    Map.of(TOPIC, (c, topic, key, e) -> apply(c, e))).start();
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (consumer != null) {
            consumer.close();
        }
    }

    /** Whether this service checks partners at all ({@code lifeline.partners.enabled}). */
    public boolean enabled() {
        return enabled;
    }

    /** Partner events applied since start (for tests). */
    public long applied() {
        return consumer == null ? 0 : consumer.applied();
    }

    /** The partner whose OAuth client this is, if co-governance announced one. Blocking (JDBC). */
    public Optional<Partner> byClientId(String clientId) {
        if (clientId == null || clientId.isBlank()) {
            return Optional.empty();
        }
        try (Connection c = dataSource.get().getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT client_id, partner_id, name, kind, status, area_codes FROM partner_rm WHERE client_id = ?")) {
            s.setString(1, clientId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Partner(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), List.of((String[]) rs.getArray(6).getArray())));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Applies one {@code PartnerStatusChanged.v1} (other types on the topic are ignored). */
    static void apply(Connection c, JsonNode event) throws SQLException {
        if (!STATUS_CHANGED.equals(event.path("type").asText())) {
            return;
        }
        JsonNode d = event.get("data");
        String clientId = d.path("clientId").asText(null);
        if (clientId == null || clientId.isBlank()) {
            return;
        }
        String status = d.get("status").asText();
        if (!List.of("approved", "rejected", "suspended").contains(status)) {
            throw new IllegalArgumentException("unknown partner status " + status);
        }
        List<String> areas = new ArrayList<>();
        d.path("areaCodes").forEach(a -> areas.add(a.asText()));
        Timestamp time = Timestamp.from(OffsetDateTime.parse(event.get("time").asText()).toInstant());
        try (PreparedStatement s = c.prepareStatement("INSERT INTO partner_rm (client_id, partner_id, name, kind, status, "
                + "area_codes, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (client_id) DO UPDATE SET "
                + "partner_id = EXCLUDED.partner_id, name = EXCLUDED.name, kind = EXCLUDED.kind, status = EXCLUDED.status, "
                + "area_codes = EXCLUDED.area_codes, changed_at = EXCLUDED.changed_at, updated_at = now() "
                + "WHERE partner_rm.changed_at <= EXCLUDED.changed_at")) {
            s.setString(1, clientId);
            s.setObject(2, UUID.fromString(d.get("partnerId").asText()));
            s.setString(3, d.get("name").asText());
            s.setString(4, d.get("kind").asText());
            s.setString(5, status);
            s.setArray(6, c.createArrayOf("text", areas.toArray()));
            s.setTimestamp(7, time);
            s.executeUpdate();
        }
    }
}
