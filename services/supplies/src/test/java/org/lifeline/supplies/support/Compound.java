package org.lifeline.supplies.support;

import org.lifeline.servers.ResidentsEventsProducer;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A fresh compound (with its own depot) under the demo community 610113001001, so each test run has its own
 * warehouse and waiting orders whatever earlier runs left in the database. Buildings "-01", "-02", ...,
 * each with unit "-1". staff1, grid1's community and volunteer1 cover it.
 */
public final class Compound {

    public static final String COMMUNITY = "610113001001";
    public static final String BASE = "/6101/610113/610113001/" + COMMUNITY + "/";
    /** resident1's household, as its token names it. */
    public static final String RESIDENT1_HOUSEHOLD = "610113001001-01-01-1-0101";

    public final String code;
    private final ResidentsEventsProducer events;

    public Compound(ResidentsEventsProducer events, String prefix, int buildings) throws Exception {
        this.events = events;
        this.code = COMMUNITY + "-" + prefix + Integer.toString(new Random().nextInt(1 << 30), 36);
        events.baseHierarchy();
        events.place(code, "测试小区", "compound", COMMUNITY, path());
        for (int b = 1; b <= buildings; b++) {
            events.place(building(b), b + "号楼", "building", code, buildingPath(b));
            events.place(unit(b), "1单元", "unit", building(b), unitPath(b));
        }
    }

    public String path() {
        return BASE + code + "/";
    }

    public String building(int b) {
        return code + String.format("-%02d", b);
    }

    public String buildingPath(int b) {
        return path() + building(b) + "/";
    }

    public String unit(int b) {
        return building(b) + "-1";
    }

    public String unitPath(int b) {
        return buildingPath(b) + unit(b) + "/";
    }

    /** A household in building b, room as given, with these members; version 0 (registered). */
    public UUID household(int b, String room, String status, List<Map<String, Object>> persons) throws Exception {
        UUID id = UUID.randomUUID();
        events.household(UUID.randomUUID(), id, unit(b), room, unitPath(b), status, 0, OffsetDateTime.now(ZoneOffset.UTC),
                persons);
        return id;
    }

    /** resident1's household (by code), placed in building b of this compound. */
    public UUID resident1Household(int b, String status, List<Map<String, Object>> persons) throws Exception {
        UUID id = UUID.randomUUID();
        events.householdCoded(UUID.randomUUID(), id, RESIDENT1_HOUSEHOLD, unit(b), "0101", unitPath(b), status, 0,
                OffsetDateTime.now(ZoneOffset.UTC), persons);
        return id;
    }

    /** A newer state of a household: its status changed (e.g. sealed after a positive test). */
    public void status(UUID id, String code, int b, String room, String status, long version,
            List<Map<String, Object>> persons) throws Exception {
        events.householdCoded(UUID.randomUUID(), id, code, unit(b), room, unitPath(b), status, version,
                OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(version), persons);
    }

    public static Map<String, Object> adult(String name) {
        return ResidentsEventsProducer.member(UUID.randomUUID(), name, "1980-01-01", "householder");
    }
}
