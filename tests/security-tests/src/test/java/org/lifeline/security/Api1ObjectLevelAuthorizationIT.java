package org.lifeline.security;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.lifeline.security.Fixtures.gw;
import static org.lifeline.security.Fixtures.token;

/**
 * OWASP API1:2023 Broken Object Level Authorization. Community 1's household, order, medical request, tube and task,
 * by id, asked for by the other community's staff and resident and by another partner: never shown, never changed
 * (404 for reads, so existence is not revealed; 403 where the caller's role may never call the endpoint). The owner
 * sees them (so a refusal means something).
 */
class Api1ObjectLevelAuthorizationIT {

    static Fixtures f;

    @BeforeAll
    static void setUp() {
        f = Fixtures.get();
    }

    @Test
    void shouldNotShowOrChangeAHouseholdOfAnotherCommunityOrFamily() {
        Http.assertStatus(200, Http.get(gw("/api/residents/households/" + f.household1), token("staff1")));
        Http.assertStatus(200, Http.get(gw("/api/residents/households/" + f.household1), token("resident1")));
        for (String user : List.of("staff2", "grid2", "resident2")) {
            Http.get(gw("/api/residents/households/" + f.household1), token(user)).assertProblem(404);
            Http.get(gw("/api/residents/households/" + f.household1 + "/status-history"), token(user)).assertProblem(404);
            Http.get(gw("/api/testing/households/" + f.household1), token(user)).assertProblem(404);
            Http.get(gw("/api/medical/households/" + f.household1 + "/requests"), token(user)).assertProblem(404);
            Http.get(gw("/api/residents/persons/" + f.person1), token(user)).assertProblem(404);
        }
        Http.get(gw("/api/households/" + f.household1 + "/overview"), token("resident2")).assertProblem(404);
        Http.Reply status = Http.json("PUT", gw("/api/residents/households/" + f.household1 + "/status"), token("staff2"),
                Map.of("status", "sealed", "reason", "not mine"));
        Http.assertRefused404(status);
        Http.Reply person = Http.json("POST", gw("/api/residents/households/" + f.household1 + "/persons"), token("resident2"),
                Map.of("name", "入侵者", "idNumber", "110101199003070011", "relation", "other"));
        Http.assertRefused404(person);
    }

    @Test
    void shouldNotShowAnOrderToAnotherHouseholdCommunityOrMerchant() {
        Http.assertStatus(200, Http.get(gw("/api/supplies/orders/" + f.order1), token("staff1")));
        for (String user : List.of("staff2", "resident2", "resident1")) {
            Http.get(gw("/api/supplies/orders/" + f.order1), token(user)).assertProblem(404);
            Http.get(gw("/api/supplies/orders/" + f.order1 + "/timeline"), token(user)).assertProblem(404);
        }
        Http.get(gw("/api/supplies/orders/" + f.order1), Fixtures.merchant2()).assertProblem(404);
        Http.assertRefused404(Http.json("POST", gw("/api/supplies/orders/" + f.order1 + "/delivery"), token("resident2"),
                Map.of("code", "000000")));
        Http.assertRefused404(Http.json("POST", gw("/api/supplies/orders/" + f.order1 + "/handovers"), Fixtures.merchant2(),
                Map.of("stage", "gate")));
    }

    @Test
    void shouldNotShowAMedicalRequestToAnotherHouseholdOrCommunity() {
        Http.assertStatus(200, Http.get(gw("/api/medical/requests/" + f.request1), token("resident1")));
        for (String user : List.of("staff2", "resident2", "grid2")) {
            Http.get(gw("/api/medical/requests/" + f.request1), token(user)).assertProblem(404);
            Http.assertRefused404(Http.json("POST", gw("/api/medical/requests/" + f.request1 + "/cancel"), token(user),
                    Map.of("note", "not mine")));
            Http.assertRefused404(Http.json("POST", gw("/api/medical/requests/" + f.request1 + "/whistle"), token(user),
                    Map.of("reason", "not mine")));
        }
        Http.assertStatus(200, Http.get(gw("/api/medical/requests/" + f.request1), token("staff1")));
    }

    @Test
    void shouldNotShowATubeToAnotherCommunityNorTakeResultsFromAnotherLab() {
        Http.assertStatus(200, Http.get(gw("/api/testing/tubes/" + f.tube1), token("staff1")));
        Http.get(gw("/api/testing/tubes/" + f.tube1), token("staff2")).assertProblem(404);
        Http.get(gw("/api/testing/campaigns/" + f.campaign1), token("staff2")).assertProblem(404);
        Http.assertRefused404(Http.json("POST", gw("/api/testing/tubes/" + f.tube1 + "/seal"), token("staff2"), Map.of()));
        // the tube was never handed to demo-lab-2: its result is refused, nothing recorded
        Http.Reply result = Http.json("POST", gw("/api/testing/results"), Fixtures.lab2(),
                Map.of("results", List.of(Map.of("barcode", f.tube1, "result", "positive"))));
        Http.assertRefused404(result);
        Http.assertStatus(200, Http.get(gw("/api/testing/tubes/" + f.tube1), token("staff1")));
    }

    @Test
    void shouldNotShowATaskToAnotherCommunity() {
        Http.assertStatus(200, Http.get(gw("/api/cogovernance/tasks/" + f.task1), token("staff1")));
        Http.get(gw("/api/cogovernance/tasks/" + f.task1), token("staff2")).assertProblem(404);
        Http.get(gw("/api/cogovernance/tasks/" + f.task1), token("grid2")).assertProblem(404);
        Http.assertRefused404(Http.json("POST", gw("/api/cogovernance/tasks/" + f.task1 + "/completion"), token("grid2"),
                Map.of("note", "done", "evidence", List.of("x"), "hours", 1)));
    }
}
