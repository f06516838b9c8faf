package org.lifeline.testing.model;

import org.lifeline.testing.api.CampaignApi.Counts;

/** One row of a coverage count: a building's ({@code building} true) or a grid's counts. */
public record CoverageRow(boolean building, String code, Counts counts) {
}
