package org.lifeline.testing.model;

import java.util.UUID;

/** A tube named in a hand-over: its campaign, status and the lab it went to (null: not handed over). */
public record HandoverTube(String barcode, UUID campaignId, String status, String lab) {
}
