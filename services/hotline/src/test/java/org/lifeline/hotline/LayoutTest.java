package org.lifeline.hotline;

import org.junit.jupiter.api.Test;
import org.lifeline.platform.architecture.ServiceLayout;

/** The service follows the layout of docs/architecture.md (rules in platform/architecture). */
class LayoutTest {

    @Test
    void shouldFollowTheServiceLayout() {
        ServiceLayout.of("org.lifeline.hotline").check();
    }
}
