package org.lifeline.medical.service;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.lifeline.medical.api.MedicalApi.DepartmentRequest;
import org.lifeline.medical.config.MedicalConfig;
import org.lifeline.medical.repository.HospitalRepository;
import org.lifeline.platform.jdbc.Transactions;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The demo realm's hospitals (users {@code hospital1}, {@code hospital2} and client {@code demo-hospital} carry their
 * codes, identity/lifeline-realm.json), written when demo data is on ({@code medical.demo.enabled=true}, set by
 * {@code ./lifeline up}; never in production). Once: a hospital whose code exists is left as it is.
 */
@ApplicationScoped
public class DemoHospitals {

    private static final Logger LOG = Logger.getLogger(DemoHospitals.class);

    record Demo(String code, String name, String areaCode, String areaPath, List<DepartmentRequest> departments) {
    }

    static final List<Demo> DEMO = List.of(
            new Demo("H-610113-01", "雁塔区第一人民医院", "610113", "/6101/610113/", List.of(
                    new DepartmentRequest("maternity", 20), new DepartmentRequest("emergency", 30),
                    new DepartmentRequest("cardiology", 10), new DepartmentRequest("dialysis", 12))),
            new Demo("H-610113-02", "雁塔区妇幼保健院", "610113", "/6101/610113/", List.of(
                    new DepartmentRequest("maternity", 30), new DepartmentRequest("pediatrics", 20),
                    new DepartmentRequest("emergency", 10))));

    @Inject
    Transactions tx;

    @Inject
    HospitalRepository hospitals;

    @Inject
    MedicalConfig config;

    void onStart(@Observes StartupEvent event) {
        if (!config.demo().enabled()) {
            return;
        }
        int written = tx.call(c -> {
            int n = 0;
            for (Demo d : DEMO) {
                UUID id = UUID.nameUUIDFromBytes(("lifeline-demo-hospital:" + d.code()).getBytes(StandardCharsets.UTF_8));
                if (hospitals.add(c, id, d.code(), d.name(), d.areaCode(), d.areaPath(), "demo", d.departments())) {
                    n++;
                }
            }
            return n;
        });
        LOG.infof("Demo hospitals: %d written", written);
    }
}
