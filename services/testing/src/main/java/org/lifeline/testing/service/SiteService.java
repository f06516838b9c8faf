package org.lifeline.testing.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.testing.api.CampaignApi.Campaign;
import org.lifeline.testing.api.SiteApi.MoveRequest;
import org.lifeline.testing.api.SiteApi.Schedule;
import org.lifeline.testing.api.SiteApi.ScheduleRequest;
import org.lifeline.testing.api.SiteApi.Site;
import org.lifeline.testing.api.SiteApi.SiteRequest;
import org.lifeline.testing.api.SiteApi.Slot;
import org.lifeline.testing.config.Texts;
import org.lifeline.testing.repository.SiteRepository;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sites and slots. Scheduling gives each building one window at a site, buildings in address order
 * from the site's first free time: a building joins the current slot if the slot can still take its
 * expected persons, else starts the next slot; a building larger than a slot gets as many consecutive
 * slots as it needs, alone. So at any time at most {@code capacityPerHour x slotMinutes / 60} persons
 * are expected per slot at a site. Buildings that do not fit before the site closes are reported.
 */
@ApplicationScoped
public class SiteService {

    @Inject
    Transactions tx;

    @Inject
    PlaceScopes scopes;

    @Inject
    CampaignService campaigns;

    @Inject
    SiteRepository sites;

    public Site create(Caller caller, UUID campaignId, SiteRequest request) {
        campaigns.get(caller, campaignId);
        if (!request.closesAt().isAfter(request.opensAt())) {
            throw ProblemException.invalidField("closesAt", Texts.of("site.closes-before-opens"));
        }
        Site site = new Site(UUID.randomUUID(), campaignId, request.name().strip(), request.lanes(),
                request.capacityPerHour(), request.slotMinutes() == null ? 30 : request.slotMinutes(),
                request.opensAt(), request.closesAt());
        return tx.call(c -> {
            if (!sites.insert(c, site, caller.username())) {
                throw ProblemException.conflict(Texts.of("site.name-taken", request.name()));
            }
            return sites.find(c, site.id()).orElseThrow();
        });
    }

    public Schedule schedule(Caller caller, UUID campaignId, ScheduleRequest request) {
        Campaign campaign = campaigns.get(caller, campaignId);
        List<String> paths = scopes.paths(caller);
        return tx.call(c -> {
            Site site = siteOf(c, campaignId, request.siteId());
            sites.lock(c, site.id());
            Map<String, Integer> buildings = sites.unscheduledBuildings(c, campaign, paths);
            if (request.buildings() != null) {
                buildings.keySet().retainAll(request.buildings());
            }
            Duration slot = Duration.ofMinutes(site.slotMinutes());
            int perSlot = perSlot(site);
            OffsetDateTime cursor = sites.firstFree(c, site);
            int used = 0;
            List<Slot> assigned = new ArrayList<>();
            List<String> unassigned = new ArrayList<>();
            for (Map.Entry<String, Integer> b : buildings.entrySet()) {
                int expected = b.getValue();
                OffsetDateTime start;
                OffsetDateTime end;
                if (expected > perSlot) {
                    if (used > 0) {
                        cursor = cursor.plus(slot);
                        used = 0;
                    }
                    int slots = (expected + perSlot - 1) / perSlot;
                    start = cursor;
                    end = cursor.plus(slot.multipliedBy(slots));
                    cursor = end;
                } else {
                    if (used + expected > perSlot) {
                        cursor = cursor.plus(slot);
                        used = 0;
                    }
                    start = cursor;
                    end = cursor.plus(slot);
                    used += expected;
                }
                if (end.isAfter(site.closesAt())) {
                    unassigned.add(b.getKey());
                    continue;
                }
                assigned.add(new Slot(b.getKey(), null, site.id(), site.name(), start, end, expected));
            }
            sites.insertSlots(c, campaignId, assigned);
            List<Slot> named = new ArrayList<>();
            for (Slot s : assigned) {
                named.add(new Slot(s.buildingCode(), sites.placeName(c, s.buildingCode()), s.siteId(), s.siteName(),
                        s.startsAt(), s.endsAt(), s.expected()));
            }
            return new Schedule(named, unassigned);
        });
    }

    /** The slots of the buildings of your part, by start. */
    public List<Slot> slots(Caller caller, UUID campaignId) {
        campaigns.get(caller, campaignId);
        List<String> paths = scopes.paths(caller);
        return tx.read(c -> sites.slots(c, campaignId, paths));
    }

    /** Moves a building's window (same length) to another start and/or site, if that site can take it then. */
    public Slot move(Caller caller, UUID campaignId, String building, MoveRequest request) {
        campaigns.get(caller, campaignId);
        List<String> paths = scopes.paths(caller);
        return tx.call(c -> {
            Slot current = sites.slot(c, campaignId, building, paths, true)
                    .orElseThrow(() -> ProblemException.notFound("Slot", building));
            Site site = siteOf(c, campaignId, request.siteId() == null ? current.siteId() : request.siteId());
            sites.lock(c, site.id());
            Duration length = Duration.between(current.startsAt(), current.endsAt());
            OffsetDateTime start = request.startsAt();
            OffsetDateTime end = start.plus(length);
            if (start.isBefore(site.opensAt()) || end.isAfter(site.closesAt())) {
                throw ProblemException.invalidField("startsAt", Texts.of("slot.outside-hours"));
            }
            int perSlot = perSlot(site);
            Duration step = Duration.ofMinutes(site.slotMinutes());
            long slots = Math.max(1, length.toMinutes() / site.slotMinutes());
            double mine = current.expected() / (double) slots;
            List<Slot> others = sites.overlapping(c, site.id(), building, start, end);
            for (OffsetDateTime t = start; t.isBefore(end); t = t.plus(step)) {
                OffsetDateTime from = t;
                OffsetDateTime to = t.plus(step);
                double load = mine;
                for (Slot o : others) {
                    if (o.startsAt().isBefore(to) && o.endsAt().isAfter(from)) {
                        long n = Math.max(1, Duration.between(o.startsAt(), o.endsAt()).toMinutes() / site.slotMinutes());
                        load += o.expected() / (double) n;
                    }
                }
                if (load > perSlot + 1e-9) {
                    throw ProblemException.conflict(Texts.of("slot.over-capacity", site.name(), building, from,
                            Math.round(load), perSlot));
                }
            }
            sites.move(c, campaignId, building, site.id(), start, end);
            return new Slot(building, current.buildingName(), site.id(), site.name(), start, end, current.expected());
        });
    }

    /** The site, if it is one of the campaign's; 404 otherwise. */
    private Site siteOf(Connection c, UUID campaignId, UUID id) throws SQLException {
        Site site = sites.find(c, id).orElseThrow(() -> ProblemException.notFound("Site", id));
        if (!site.campaignId().equals(campaignId)) {
            throw ProblemException.notFound("Site", id);
        }
        return site;
    }

    /** Persons a site takes per slot, all its lanes together. */
    private static int perSlot(Site site) {
        return Math.max(1, site.capacityPerHour() * site.slotMinutes() / 60);
    }
}
