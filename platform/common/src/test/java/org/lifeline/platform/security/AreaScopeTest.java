package org.lifeline.platform.security;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AreaScopeTest {

    private static Caller caller(Set<String> roles, List<String> areas) {
        return new Caller("s", "u", roles, areas, null);
    }

    private static List<String> resolve(List<String> codes) {
        return codes.stream().filter(c -> !c.equals("unknown")).map(c -> "/" + c + "/").toList();
    }

    @Test
    void shouldGiveEveryStaffLevelHotlineOperatorsAndVolunteersTheSubtreesOfTheirAreas() {
        for (String role : List.of(Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
                Roles.HEALTH_OFFICER, Roles.HOTLINE_OPERATOR, Roles.VOLUNTEER)) {
            assertEquals(List.of("/610113001001/"), AreaScope.paths(caller(Set.of(role), List.of("610113001001")),
                    AreaScopeTest::resolve), role);
        }
    }

    @Test
    void shouldGiveAPlatformAdminEverythingWhateverTheirAreas() {
        assertEquals(List.of("/"), AreaScope.paths(caller(Set.of(Roles.PLATFORM_ADMIN), List.of()), AreaScopeTest::resolve));
    }

    @Test
    void shouldGiveNoPlaceToRolesOutsideTheAreaRolesEvenWithAnAreasClaim() {
        for (String role : List.of(Roles.RESIDENT, Roles.MERCHANT, "hospital-staff", "partner")) {
            Caller c = caller(Set.of(role), List.of("610113001001"));
            assertTrue(AreaScope.of(c).nothing(), role);
            assertEquals(List.of(), AreaScope.paths(c, codes -> {
                throw new AssertionError("nothing to resolve for " + role);
            }));
        }
    }

    @Test
    void shouldGiveNothingToStaffWithoutAreasAndLeaveUnknownAreasOut() {
        assertEquals(List.of(), AreaScope.paths(caller(Set.of(Roles.COMMUNITY_STAFF), List.of()), AreaScopeTest::resolve));
        // a hotline operator without areas (the hotline's service account included) sees nothing by area either
        assertEquals(List.of(), AreaScope.paths(caller(Set.of(Roles.HOTLINE_OPERATOR), List.of()), AreaScopeTest::resolve));
        assertEquals(List.of("/6101/"), AreaScope.paths(caller(Set.of(Roles.COMMUNITY_STAFF), List.of("unknown", "6101")),
                AreaScopeTest::resolve));
    }
}
