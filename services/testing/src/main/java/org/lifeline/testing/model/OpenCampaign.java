package org.lifeline.testing.model;

import java.time.LocalDate;
import java.util.UUID;

/** An open campaign as the milestone check sees it: its sampled persons and the highest milestone announced. */
public record OpenCampaign(UUID id, String areaCode, String areaPath, LocalDate testDate, int exemptUnderMonths,
        long sampled, int highestPercent) {
}
