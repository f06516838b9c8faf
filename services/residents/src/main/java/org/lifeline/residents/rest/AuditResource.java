package org.lifeline.residents.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.platform.security.Roles;
import org.lifeline.residents.api.AuditEntryView;
import org.lifeline.residents.service.PersonService;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Read-only view of the personal-data audit log. There is no endpoint to change it. */
@Path("/api/residents/audit/personal-data")
@Tag(name = "audit")
public class AuditResource {

    @Inject
    PersonService persons;

    @Inject
    CallerContext context;

    @GET
    @RolesAllowed({ Roles.PLATFORM_ADMIN, Roles.DISTRICT_OFFICER })
    @Operation(summary = "Who read unmasked personal data in your areas (all of it for platform admins), newest first")
    public Uni<List<AuditEntryView>> list(@QueryParam("person") UUID person, @Valid @BeanParam PageParams page) {
        return persons.audit(context.caller(), person, page.page, page.size).map(rows -> rows.stream()
                .map(a -> new AuditEntryView(a.id, a.accessedAt, a.actorSubject, a.actorUsername, a.actorRoles,
                        a.personId, a.householdId, Arrays.asList(a.fields.split(",")), a.purpose, a.requestId))
                .toList());
    }
}
