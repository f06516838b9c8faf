package org.lifeline.testing.event;

/** Testing's topics, each named after what its events are about (docs/events.md). */
public final class Topics {

    /** Results of tubes and what follows from them: key the tube barcode (a household id for a clearance). */
    public static final String RESULT = "lifeline.testing.result.v1";
    /** Coverage of campaigns: key the campaign id. */
    public static final String COVERAGE = "lifeline.testing.coverage.v1";
    /** Campaigns and what they ask for: key the household id. */
    public static final String CAMPAIGN = "lifeline.testing.campaign.v1";

    private Topics() {
    }
}
