package org.lifeline.residents.rest;

import org.lifeline.residents.config.Texts;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.platform.problem.Lang;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Roles;
import org.lifeline.residents.model.VulnerableFlag;
import org.lifeline.residents.service.RegisterExports;
import org.lifeline.residents.service.RegisterImports;
import org.lifeline.residents.service.PersonService;

import java.util.Set;

/**
 * Exports (导出) of the persons of a place as CSV or XLSX, in the register layout. Masked by default;
 * community staff and health officers may reveal ID numbers and phones with a purpose. Every export
 * is audited before its first byte is sent.
 */
@Path("/api/residents/exports")
@Tag(name = "exports")
@Blocking
public class ExportResource {

    /** Who may reveal personal numbers in an export (as for one person: those who work with them). */
    static final Set<String> REVEAL_ROLES = Set.of(Roles.COMMUNITY_STAFF, Roles.HEALTH_OFFICER);

    @Inject
    RegisterExports exports;

    @Inject
    RegisterImports imports;

    @Inject
    CallerContext context;

    @Inject
    HttpHeaders headers;

    @GET
    @Path("persons")
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER })
    @Operation(summary = "The persons of a place (and everything under it) as CSV or XLSX; masked unless "
            + "reveal=idNumber,phone with a purpose; audited")
    public Response persons(@QueryParam("place") String place, @QueryParam("format") @DefaultValue("csv") String format,
            @QueryParam("flag") String flag, @QueryParam("reveal") String reveal, @QueryParam("purpose") String purpose) {
        if (place == null || place.isBlank()) {
            throw ProblemException.invalidField("place", Texts.of("export-resource.required-code-place-export"));
        }
        RegisterExports.Format f = switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "csv" -> RegisterExports.Format.CSV;
            case "xlsx" -> RegisterExports.Format.XLSX;
            default -> throw ProblemException.invalidField("format", Texts.of("export-resource.must-csv-xlsx"));
        };
        String flagCode = flag == null || flag.isBlank() ? null : Params.enumParam("flag", flag, VulnerableFlag.class).code();
        Set<String> fields = Params.listParam("reveal", reveal, PersonService.REVEALABLE);
        Caller caller = context.caller();
        if (!fields.isEmpty()) {
            if (purpose == null || purpose.isBlank() || purpose.length() > 500) {
                throw ProblemException.invalidField("purpose", Texts.of("export-resource.required-most-500-characters-export"));
            }
            if (!caller.hasAnyRole(REVEAL_ROLES)) {
                throw ProblemException.forbidden(Texts.of("export-resource.role-may-export-list-only"));
            }
        }
        Lang lang = Lang.fromAcceptLanguage(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        RegisterExports.Export export = exports.prepare(caller, imports.areaPaths(caller), place.strip(), flagCode, f,
                fields, fields.isEmpty() ? null : purpose.strip(), context.requestId(), lang);
        StreamingOutput body = out -> exports.write(export, out);
        String name = "persons-" + export.placeCode() + (fields.isEmpty() ? "-masked" : "") + "."
                + (f == RegisterExports.Format.CSV ? "csv" : "xlsx");
        String type = f == RegisterExports.Format.CSV ? "text/csv; charset=UTF-8"
                : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        return Response.ok(body, type)
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("X-Total-Count", export.rows())
                .header("Cache-Control", "no-store")
                .build();
    }

    @GET
    @Path("audit")
    @jakarta.ws.rs.Produces(jakarta.ws.rs.core.MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PLATFORM_ADMIN, Roles.DISTRICT_OFFICER })
    @Operation(summary = "Who exported which list of your areas (all of them for platform admins), newest first")
    public java.util.List<org.lifeline.residents.api.ExportAuditEntry> audit(@jakarta.validation.Valid @jakarta.ws.rs.BeanParam PageParams page) {
        Caller caller = context.caller();
        return exports.audit(caller.isPlatformAdmin() ? java.util.List.of("/") : imports.areaPaths(caller), page.page,
                page.size);
    }
}
