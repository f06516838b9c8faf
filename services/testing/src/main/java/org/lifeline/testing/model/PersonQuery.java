package org.lifeline.testing.model;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Which persons of a campaign a list is about: the campaign's area, the caller's paths, optionally one building and
 * one grid ({@code grid} "none": households without a grid; null: any), and the exemption by age on the test date.
 */
public record PersonQuery(UUID campaignId, String areaPath, List<String> paths, String building, String grid,
        LocalDate testDate, int exemptUnderMonths, boolean homeSampling) {
}
