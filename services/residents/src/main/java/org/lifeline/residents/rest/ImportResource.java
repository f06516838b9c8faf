package org.lifeline.residents.rest;

import org.lifeline.residents.config.Texts;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.lifeline.platform.problem.Lang;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Roles;
import org.lifeline.residents.api.ImportApi.ImportError;
import org.lifeline.residents.api.ImportApi.ImportJob;
import org.lifeline.platform.api.PageView;
import org.lifeline.residents.mapping.CsvText;
import org.lifeline.residents.service.RegisterImports;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Register imports (导入): upload a .csv or .xlsx register, get {@code 202 Accepted} and a job to poll,
 * then the row errors. Staff of a community, street or district import into their own areas.
 */
@Path("/api/residents/imports")
@Tag(name = "imports")
@Blocking
public class ImportResource {

    @Inject
    RegisterImports imports;

    @Inject
    CallerContext context;

    @Inject
    HttpHeaders headers;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER })
    @Operation(summary = "Import a register file (form field 'file', .csv or .xlsx; optional 'charset' for CSV); "
            + "202 with the job to poll")
    public Response upload(@RestForm("file") FileUpload file, @RestForm("charset") String charset) {
        if (file == null || file.uploadedFile() == null) {
            throw ProblemException.invalidField("file", Texts.of("import-resource.required-send-register-form-field"));
        }
        if (file.size() == 0) {
            throw ProblemException.invalidField("file", Texts.of("import-resource.empty"));
        }
        ImportJob job = imports.submit(context.caller(), context.requestId(), file.uploadedFile(), file.fileName(),
                charset);
        return Response.accepted(job).location(URI.create(job.links().self())).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER })
    @Operation(summary = "Your imports, newest first")
    public PageView<ImportJob> list(@Valid @BeanParam PageParams page) {
        return imports.list(context.caller(), page.page, page.size);
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER })
    @Operation(summary = "An import's state and counters (poll until status is done or failed)")
    public ImportJob get(@PathParam("id") UUID id) {
        return imports.get(context.caller(), id);
    }

    @GET
    @Path("{id}/errors")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER })
    @Operation(summary = "An import's refused rows by line, a page at a time")
    public PageView<ImportError> errors(@PathParam("id") UUID id, @Valid @BeanParam PageParams page) {
        return imports.errors(context.caller(), id, page.page, page.size, lang());
    }

    @GET
    @Path("{id}/errors.csv")
    @Produces("text/csv")
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER })
    @Operation(summary = "An import's refused rows as a CSV report (UTF-8 with BOM, opens in Excel)")
    public Response errorReport(@PathParam("id") UUID id) {
        Caller caller = context.caller();
        Lang lang = lang();
        ImportJob job = imports.get(caller, id);
        StreamingOutput body = out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            w.write('\uFEFF');
            CsvText.row(w, lang == Lang.EN ? new String[] { "line", "column", "code", "reason" }
                    : new String[] { "行号", "列", "错误代码", "原因" });
            imports.eachError(caller, id, lang, e -> CsvText.row(w, new String[] { Long.toString(e.line()), e.field(),
                    e.code(), e.message() }));
            w.flush();
        };
        String name = "import-errors-" + job.id() + ".csv";
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }

    private Lang lang() {
        return Lang.fromAcceptLanguage(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
    }
}
