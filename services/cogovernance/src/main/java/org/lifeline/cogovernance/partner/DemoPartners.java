package org.lifeline.cogovernance.partner;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.lifeline.cogovernance.event.Outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * The demo realm's partner clients ({@code demo-merchant}, {@code demo-merchant-2}, {@code demo-lab},
 * {@code demo-lab-2}, identity/lifeline-realm.json) registered as approved partners when demo data is on
 * ({@code cogovernance.demo.enabled=true}, set by {@code ./lifeline up}; never in production), with the same
 * {@code PartnerStatusChanged} event an approval writes, so every service learns them like any approved partner.
 * Their clients already exist in the realm: nothing is created in Keycloak. Once per client (a row with the client
 * id is left as it is). Partner ids are derived from the client id, the same ids the test harnesses announce.
 * The realm's users with partner roles ({@code merchant1}, {@code lab1}, {@code logistics1}) are not partners: a
 * partner acts only through its client.
 */
@ApplicationScoped
public class DemoPartners {

    private static final Logger LOG = Logger.getLogger(DemoPartners.class);

    record Demo(String clientId, String kind, String name, String areaCode, String areaPath) {
    }

    static final List<Demo> DEMO = List.of(
            new Demo("demo-merchant", "merchant", "演示商户一", "610113001", "/6101/610113/610113001/"),
            new Demo("demo-merchant-2", "merchant", "演示商户二", "610113001", "/6101/610113/610113001/"),
            new Demo("demo-lab", "lab", "演示实验室一", "610113", "/6101/610113/"),
            new Demo("demo-lab-2", "lab", "演示实验室二", "610113", "/6101/610113/"));

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Outbox outbox;

    @ConfigProperty(name = "cogovernance.demo.enabled", defaultValue = "false")
    boolean enabled;

    void onStart(@Observes StartupEvent event) throws SQLException {
        if (!enabled) {
            return;
        }
        int registered = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            for (Demo d : DEMO) {
                UUID id = UUID.nameUUIDFromBytes(("lifeline-demo-partner:" + d.clientId()).getBytes(StandardCharsets.UTF_8));
                try (PreparedStatement s = c.prepareStatement("INSERT INTO partner (id, name, kind, contact_name, contact_phone, "
                        + "area_codes, area_paths, status, client_id, applied_by, decided_by, decided_at, note) "
                        + "VALUES (?, ?, ?, '演示联系人', '13800000000', ?, ?, 'approved', ?, 'demo', 'demo', now(), 'demo data') "
                        + "ON CONFLICT DO NOTHING")) {
                    s.setObject(1, id);
                    s.setString(2, d.name());
                    s.setString(3, d.kind());
                    s.setArray(4, c.createArrayOf("text", new String[] { d.areaCode() }));
                    s.setArray(5, c.createArrayOf("text", new String[] { d.areaPath() }));
                    s.setString(6, d.clientId());
                    if (s.executeUpdate() == 0) {
                        continue;
                    }
                }
                outbox.write(c, PartnerService.TOPIC, id.toString(), PartnerService.STATUS_CHANGED,
                        new PartnerService.PartnerStatusChanged(id, d.name(), d.kind(), d.clientId(), "approved",
                                List.of(d.areaCode())));
                registered++;
            }
            c.commit();
        }
        LOG.infof("Demo partners: %d registered (approved)", registered);
    }
}
