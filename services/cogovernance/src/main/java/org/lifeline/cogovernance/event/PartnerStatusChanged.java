package org.lifeline.cogovernance.event;

import org.lifeline.platform.events.EventType;

import java.util.List;
import java.util.UUID;

/**
 * Data of {@code PartnerStatusChanged.v1} on {@code lifeline.cogovernance.partner.v1} (key: partner id): other
 * services may cache which clients are live.
 */
public record PartnerStatusChanged(UUID partnerId, String name, String kind, String clientId, String status, List<String> areaCodes) {

    public static final EventType TYPE = EventType.of("lifeline.cogovernance.partner.v1",
            "org.lifeline.cogovernance.PartnerStatusChanged.v1");
}
