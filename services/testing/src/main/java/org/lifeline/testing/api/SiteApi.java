package org.lifeline.testing.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Sites, slots and the resident's view. */
public final class SiteApi {

    private SiteApi() {
    }

    /** A site: {@code capacityPerHour} for all its lanes together; slots of {@code slotMinutes} (default 30). */
    public record SiteRequest(@NotBlank @Size(max = 100) String name, @NotNull @Min(1) @Max(50) Integer lanes,
            @NotNull @Min(1) @Max(100000) Integer capacityPerHour, @Min(5) @Max(240) Integer slotMinutes,
            @NotNull OffsetDateTime opensAt, @NotNull OffsetDateTime closesAt) {
    }

    public record Site(UUID id, UUID campaignId, String name, int lanes, int capacityPerHour, int slotMinutes,
            OffsetDateTime opensAt, OffsetDateTime closesAt) {
    }

    /** Which buildings to schedule at a site (default: those of your part not scheduled yet). */
    public record ScheduleRequest(@NotNull UUID siteId, List<String> buildings) {
    }

    public record Slot(String buildingCode, String buildingName, UUID siteId, String siteName, OffsetDateTime startsAt,
            OffsetDateTime endsAt, int expected) {
    }

    /** What a scheduling run did; {@code unassigned}: buildings that did not fit before the site closes. */
    public record Schedule(List<Slot> assigned, List<String> unassigned) {
    }

    /** Move a building to another start (and site); the window keeps its length. */
    public record MoveRequest(UUID siteId, @NotNull OffsetDateTime startsAt) {
    }

    /** A resident's household in the open campaigns that cover it. */
    public record MyTesting(UUID householdId, String householdCode, List<MyCampaign> campaigns) {
    }

    public record MyCampaign(UUID campaignId, String title, java.time.LocalDate testDate, Slot slot, List<MyMember> members) {
    }

    /**
     * {@code checkInCode}: the QR payload staff scan at the site (or at the door); {@code atHome}: this member
     * is sampled at home (bedridden), staff come to the door instead of the member going to the slot.
     */
    public record MyMember(UUID personId, String name, String state, String checkInCode, boolean atHome) {
    }
}
