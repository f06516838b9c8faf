package org.lifeline.residents.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.lifeline.residents.repository.DemoDataLoader;

import java.sql.Connection;

/**
 * Demo data for the local stack ({@code residents.demo.enabled=true}, set by {@code ./lifeline up}; never in
 * production), written once into an empty database in one transaction by {@link DemoDataLoader}; each household's
 * first status is {@link ControlPolicy#demo}'s.
 */
@ApplicationScoped
public class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DemoDataLoader loader;

    @Inject
    ControlPolicy policy;

    @ConfigProperty(name = "residents.demo.enabled", defaultValue = "false")
    boolean enabled;

    void onStart(@Observes StartupEvent event) throws Exception {
        if (!enabled) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            if (!loader.empty(c)) {
                LOG.info("Demo data: places exist, nothing to do");
                return;
            }
            long t0 = System.nanoTime();
            c.setAutoCommit(false);
            int[] counts = loader.load(c, policy::demo);
            c.commit();
            LOG.infof("Demo data: %d places, %d households, %d persons in %d ms", counts[0], counts[1], counts[2],
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
