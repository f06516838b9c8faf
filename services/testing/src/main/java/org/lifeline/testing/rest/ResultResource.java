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
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Callers;
import org.lifeline.platform.security.Roles;
import org.lifeline.testing.api.ResultApi.BatchOutcome;
import org.lifeline.testing.api.ResultApi.Handover;
import org.lifeline.testing.api.ResultApi.HandoverRequest;
import org.lifeline.testing.api.ResultApi.ResultBatch;
import org.lifeline.testing.config.Texts;
import org.lifeline.testing.service.HandoverService;
import org.lifeline.testing.service.ResultService;

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
    HandoverService handovers;

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
        Handover handover = handovers.handover(callers.of(identity), request);
        return Response.created(URI.create("/api/testing/handovers/" + handover.id())).entity(handover).build();
    }

    @POST
    @Path("results")
    @Consumes("text/csv")
    @RolesAllowed(Roles.LAB)
    @Operation(summary = "The same as a CSV batch: header barcode,result[,correction,reason]; at most 100,000 rows")
    public BatchOutcome recordCsv(String body) {
        java.util.List<org.lifeline.testing.api.ResultApi.ResultItem> items = new java.util.ArrayList<>();
        try (var reader = de.siegmar.fastcsv.reader.CsvReader.builder().skipEmptyLines(true).allowMissingFields(true)
                .ofNamedCsvRecord(body == null ? "" : body.replace("\uFEFF", ""))) {
            for (var row : reader) {
                String barcode = row.findField("barcode").orElse("").strip();
                String result = row.findField("result").orElse("").strip().toLowerCase(java.util.Locale.ROOT);
                if (barcode.isEmpty() || !(result.equals("negative") || result.equals("positive"))) {
                    throw ProblemException.invalidField("line " + row.getStartingLineNumber(), Texts.of("results.csv-row"));
                }
                String correction = row.findField("correction").orElse("").strip();
                String reason = row.findField("reason").orElse("").strip();
                items.add(new org.lifeline.testing.api.ResultApi.ResultItem(barcode, result,
                        correction.equalsIgnoreCase("true") || correction.equals("1"), reason.isEmpty() ? null : reason));
                if (items.size() > 100_000) {
                    throw ProblemException.invalidField("body", Texts.of("results.csv-too-many"));
                }
            }
        } catch (java.io.IOException | de.siegmar.fastcsv.reader.CsvParseException e) {
            throw ProblemException.invalidField("body", Texts.of("results.csv-unreadable", e.getMessage()));
        }
        if (items.isEmpty()) {
            throw ProblemException.invalidField("body", Texts.of("results.csv-empty"));
        }
        return results.record(lab(), identity.getPrincipal().getName(), items);
    }

    @POST
    @Path("results")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LAB)
    @Operation(summary = "A lab's results per tube, all or nothing; the same result again changes nothing; "
            + "another final result needs correction=true and a reason (audited)")
    public BatchOutcome record(@Valid @NotNull ResultBatch batch) {
        return results.record(lab(), identity.getPrincipal().getName(), batch.results());
    }

    /** The lab is the OAuth client the token was issued to (a partner's client credentials). */
    private String lab() {
        String lab = token.getClaim("azp");
        if (lab == null || lab.isBlank()) {
            throw ProblemException.forbidden(Texts.of("results.lab-only"));
        }
        return lab;
    }
}
