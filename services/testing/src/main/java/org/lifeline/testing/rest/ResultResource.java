package org.lifeline.testing.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Callers;
import org.lifeline.platform.security.Roles;
import org.lifeline.testing.result.ResultApi.BatchOutcome;
import org.lifeline.testing.result.ResultApi.Handover;
import org.lifeline.testing.result.ResultApi.HandoverRequest;
import org.lifeline.testing.result.ResultApi.ResultBatch;
import org.lifeline.testing.result.ResultService;

import java.net.URI;

/** Tubes handed to a lab (staff), and the lab's results (lab partners, OAuth client credentials). */
@Path("/api/testing")
@Tag(name = "results")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ResultResource {

    @Inject
    ResultService results;

    @Inject
    SecurityIdentity identity;

    @Inject
    Callers callers;

    @Inject
    JsonWebToken token;

    @POST
    @Path("handovers")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.HEALTH_OFFICER })
    @Operation(summary = "Hand sealed tubes of one campaign to a lab (its OAuth client id): chain of custody")
    public Response handover(@Valid @NotNull HandoverRequest request) {
        Handover handover = results.handover(callers.of(identity), request);
        return Response.created(URI.create("/api/testing/handovers/" + handover.id())).entity(handover).build();
    }

    @POST
    @Path("results")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LAB)
    @Operation(summary = "A lab's results per tube, all or nothing; the same result again changes nothing; "
            + "another final result needs correction=true and a reason (audited)")
    public BatchOutcome record(@Valid @NotNull ResultBatch batch) {
        // the lab is the OAuth client the token was issued to (a partner's client credentials)
        String lab = token.getClaim("azp");
        if (lab == null || lab.isBlank()) {
            throw ProblemException.forbidden(Message.of("Results come from a laboratory's client credentials.",
                    "检测结果须由实验室客户端凭据提交。"));
        }
        return results.record(lab, identity.getPrincipal().getName(), batch.results());
    }
}
