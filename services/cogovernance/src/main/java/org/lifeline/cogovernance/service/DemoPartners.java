package org.lifeline.cogovernance.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.lifeline.cogovernance.event.PartnerStatusChanged;
import org.lifeline.cogovernance.repository.PartnerRepository;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.outbox.Outbox;

import java.nio.charset.StandardCharsets;
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
    Transactions tx;

    @Inject
    PartnerRepository repository;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "cogovernance.demo.enabled", defaultValue = "false")
    boolean enabled;

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        int registered = tx.call(c -> {
            int n = 0;
            for (Demo d : DEMO) {
                UUID id = UUID.nameUUIDFromBytes(("lifeline-demo-partner:" + d.clientId()).getBytes(StandardCharsets.UTF_8));
                if (repository.insertDemo(c, id, d.name(), d.kind(), d.areaCode(), d.areaPath(), d.clientId())) {
                    Outbox.write(c, mapper, PartnerStatusChanged.TYPE, id.toString(), new PartnerStatusChanged(id, d.name(), d.kind(),
                            d.clientId(), "approved", List.of(d.areaCode())));
                    n++;
                }
            }
            return n;
        });
        LOG.infof("Demo partners: %d registered (approved)", registered);
    }
}
