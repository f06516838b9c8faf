package org.lifeline.testing.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What the campaign endpoints take and answer. */
public final class CampaignApi {

    private CampaignApi() {
    }

    /**
     * A new campaign. {@code poolSize}: persons per pooled tube (default 10, at most 20).
     * {@code exemptUnderMonths}: infants younger than this on the test date are exempt (default 0).
     * {@code homeSampling}: bedridden persons are sampled at home, as door-to-door tasks (default true).
     */
    public record CampaignRequest(
            @NotBlank @Pattern(regexp = "[0-9A-Za-z][0-9A-Za-z-]{0,63}") String areaCode,
            @NotBlank @Size(max = 200) String title,
            @NotNull LocalDate testDate,
            @Min(1) @Max(20) Integer poolSize,
            @Min(0) @Max(72) Integer exemptUnderMonths,
            Boolean homeSampling) {
    }

    public record Campaign(UUID id, String areaCode, String title, LocalDate testDate, int poolSize,
            int exemptUnderMonths, boolean homeSampling, String status, String createdBy, OffsetDateTime createdAt) {
    }

    /**
     * A new tube at a site: {@code kind} single or pooled (capacity: the campaign's pool size). {@code placeCode}: the
     * place the site serves, inside the campaign's area and the caller's areas; optional when that is unambiguous (the
     * campaign lies inside the caller's areas: the campaign's area; else the one area of the caller inside it).
     */
    public record TubeRequest(@NotBlank @Pattern(regexp = "[0-9A-Za-z-]{4,40}") String barcode,
            @NotBlank @Pattern(regexp = "single|pooled") String kind, @Size(max = 100) String site,
            @Pattern(regexp = "[0-9A-Za-z-]{1,64}") String placeCode) {
    }

    /** {@code placeCode}: the place the tube is used in; only staff whose areas hold it see or touch the tube. */
    public record Tube(String barcode, UUID campaignId, String kind, int capacity, int samples, String status,
            String site, String placeCode, String openedBy, OffsetDateTime openedAt, OffsetDateTime sealedAt) {
    }

    /** A check-in: the scanned check-in code ({@code GET /api/testing/me}), or the person picked from a list. */
    public record SampleRequest(UUID personId, @Size(max = 200) String code) {
    }

    public record Sample(UUID campaignId, UUID personId, UUID householdId, String tubeBarcode, String takenBy,
            OffsetDateTime takenAt, Tube tube) {
    }

    /** Expected, tested, untested and exempt persons, for the campaign, per building and per grid. */
    public record Coverage(UUID campaignId, Counts total, List<BuildingCounts> buildings, List<GridCounts> grids) {
    }

    /**
     * {@code expected} leaves the exempt out; {@code atHome}: of the expected, the persons to sample at home
     * (bedridden), {@code atHomeUntested}: those of them not yet sampled.
     */
    public record Counts(long expected, long tested, long untested, long exempt, long atHome, long atHomeUntested) {
    }

    /** A grid's counts; {@code gridCode} null: the households not assigned to a grid. */
    public record GridCounts(String gridCode, String gridName, String gridWorker, Counts counts) {
    }

    public record BuildingCounts(String buildingCode, String buildingName, Counts counts) {
    }

    /** A person still to be tested: for grid workers to follow up (no personal numbers). */
    public record Untested(UUID personId, String name, UUID householdId, String householdCode, String buildingCode,
            String gridCode, boolean atHome) {
    }

    /**
     * A door-to-door sampling task (上门采样): a bedridden person, where they live, and whether they were
     * sampled ({@code state}: null while pending, else their state in the campaign, {@code tubeBarcode}).
     */
    public record HomeVisit(UUID personId, String name, UUID householdId, String householdCode, String buildingCode,
            String gridCode, String state, String tubeBarcode) {
    }
}
