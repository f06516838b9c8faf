package org.lifeline.testing.model;

import java.util.UUID;

/** A tube a lab sends a result for: the lab it was handed to, its kind, campaign and its result so far (or null). */
public record ResultTube(String barcode, String lab, String kind, UUID campaignId, String currentResult) {

    public boolean hasResult() {
        return currentResult != null;
    }
}
