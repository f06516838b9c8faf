package org.lifeline.medical.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.medical.api.MedicalApi.AdmissionView;
import org.lifeline.medical.api.MedicalApi.RefuseRequest;
import org.lifeline.medical.api.MedicalApi.Refusal;
import org.lifeline.medical.api.MedicalApi.RequestSummary;
import org.lifeline.medical.config.Texts;
import org.lifeline.medical.service.AdmissionService;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.problem.Lang;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.problem.Problems;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Callers;
import org.lifeline.platform.security.Roles;

import java.util.UUID;

/**
 * The hospital's admissions desk (issue 21): hospital staff (role hospital-staff, claim {@code hospital}: their
 * hospital's code; a partner hospital's client credentials the same) see the patients sent to their hospital and
 * accept or refuse each one, record the arrival at the door and the admission. Another hospital's patient is 404.
 */
@Path("/api/medical/admissions")
@Tag(name = "admissions")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class AdmissionResource {

    @Inject
    AdmissionService admissions;

    @Inject
    SecurityIdentity identity;

    @Inject
    Callers callers;

    @Inject
    HttpHeaders headers;

    @GET
    @RolesAllowed(Roles.HOSPITAL_STAFF)
    @Operation(summary = "Patients sent to your hospital (offered, accepted, at the door) and those admitted in the last "
            + "day, newest first, without medical details")
    public PageView<RequestSummary> list(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return admissions.list(hospital(), page, size);
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Roles.HOSPITAL_STAFF)
    @Operation(summary = "A patient sent to your hospital: the request whole (the read audited), the household's test "
            + "status as medical knows it, and the first-contact rule")
    public AdmissionView get(@PathParam("id") UUID id, @HeaderParam(Problems.REQUEST_ID_HEADER) String requestId) {
        return admissions.view(hospital(), id, lang(), requestId);
    }

    @POST
    @Path("{id}/accept")
    @RolesAllowed(Roles.HOSPITAL_STAFF)
    @Operation(summary = "Accept the patient")
    public AdmissionView accept(@PathParam("id") UUID id, @HeaderParam(Problems.REQUEST_ID_HEADER) String requestId) {
        return admissions.accept(hospital(), id, lang(), requestId);
    }

    @POST
    @Path("{id}/refuse")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.HOSPITAL_STAFF)
    @Operation(summary = "Refuse the patient with a reason (no-bed, no-department, infection-control, no-pcr-result, "
            + "other): the request goes to the next hospital at once, or escalates after a second refusal. \"No PCR "
            + "result\" for a critical patient, or refusing a critical patient at the door, is recorded as a violation")
    public Refusal refuse(@PathParam("id") UUID id, @Valid @NotNull RefuseRequest body,
            @HeaderParam(Problems.REQUEST_ID_HEADER) String requestId) {
        return admissions.refuse(hospital(), id, body, requestId);
    }

    @POST
    @Path("{id}/arrived")
    @RolesAllowed(Roles.HOSPITAL_STAFF)
    @Operation(summary = "The patient is at your door: they must be admitted within the time for their severity")
    public AdmissionView arrived(@PathParam("id") UUID id, @HeaderParam(Problems.REQUEST_ID_HEADER) String requestId) {
        return admissions.arrived(hospital(), id, lang(), requestId);
    }

    @POST
    @Path("{id}/admitted")
    @RolesAllowed(Roles.HOSPITAL_STAFF)
    @Operation(summary = "The patient is admitted: the request is resolved; the place stays reserved until discharge")
    public AdmissionView admitted(@PathParam("id") UUID id, @HeaderParam(Problems.REQUEST_ID_HEADER) String requestId) {
        return admissions.admitted(hospital(), id, lang(), requestId);
    }

    /** The caller, who must carry a hospital (a token without the claim sees nothing: 403). */
    private Caller hospital() {
        Caller caller = callers.of(identity);
        if (caller.hospital() == null || caller.hospital().isBlank()) {
            throw ProblemException.forbidden(Texts.of("admission.no-hospital"));
        }
        return caller;
    }

    private Lang lang() {
        return Lang.fromAcceptLanguage(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
    }
}
