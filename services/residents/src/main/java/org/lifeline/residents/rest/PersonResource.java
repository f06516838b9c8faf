package org.lifeline.residents.rest;

import org.lifeline.residents.config.Texts;
import org.lifeline.platform.api.PageView;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Roles;
import org.lifeline.residents.api.PersonRequest;
import org.lifeline.residents.api.PersonView;
import org.lifeline.residents.model.VulnerableFlag;
import org.lifeline.residents.service.PersonService;

import java.util.Set;
import java.util.UUID;

@Path("/api/residents/persons")
@Tag(name = "persons")
public class PersonResource {

    @Inject
    PersonService persons;

    @Inject
    CallerContext context;

    @Inject
    org.lifeline.residents.service.CareService care;

    @Inject
    org.lifeline.residents.service.SearchService search;

    @GET
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER,
            Roles.HEALTH_OFFICER, Roles.HOTLINE_OPERATOR })
    @Operation(summary = "Find persons in your areas: ?q= part of a name, last 4 digits of a phone or ID, or an address code")
    public Uni<org.lifeline.platform.api.PageView<org.lifeline.residents.api.PersonHit>> search(
            @QueryParam("q") String q, @jakarta.validation.Valid @jakarta.ws.rs.BeanParam PageParams page) {
        return search.persons(context.caller(), q, page.page, page.size);
    }

    @GET
    @Path("pending")
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "What residents declared in your areas (members, flags) and staff have not verified yet (待核实)")
    public Uni<PageView<PersonView>> pending(@Valid @jakarta.ws.rs.BeanParam PageParams page) {
        return persons.pending(context.caller(), page.page, page.size);
    }

    @POST
    @Path("{id}/verify")
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Verify what a resident declared: the member and the declared flags listed (all when none "
            + "are listed); only verified members and flags count for priority, allocation and the care list")
    public Uni<PersonView> verify(@PathParam("id") UUID id, @Valid VerifyRequest request) {
        return persons.verify(context.caller(), id, request == null ? null : request.flags());
    }

    @POST
    @Path("{id}/reject")
    @RolesAllowed({ Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER, Roles.DISTRICT_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Reject what a resident declared: a declared member is removed, declared flags are dropped")
    public Uni<Response> reject(@PathParam("id") UUID id) {
        return persons.reject(context.caller(), id).map(v -> Response.noContent().build());
    }

    /** The declared flags to confirm; null or absent: all of them. */
    public record VerifyRequest(java.util.Set<@NotNull VulnerableFlag> flags) {
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.RESIDENT, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.STREET_OFFICER,
            Roles.DISTRICT_OFFICER, Roles.HEALTH_OFFICER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "A person, masked; reveal=idNumber,phone with a purpose shows them unmasked and is audited")
    public Uni<PersonView> get(@PathParam("id") UUID id, @QueryParam("reveal") String reveal,
            @QueryParam("purpose") String purpose) {
        Set<String> fields = Params.listParam("reveal", reveal, PersonService.REVEALABLE);
        if (!fields.isEmpty() && (purpose == null || purpose.isBlank() || purpose.length() > 500)) {
            throw ProblemException.invalidField("purpose", Texts.of("person-resource.required-most-500-characters-see"));
        }
        return persons.get(context.caller(), id, fields, purpose == null ? null : purpose.trim(), context.requestId());
    }

    @PUT
    @Path("{id}")
    @RolesAllowed({ Roles.RESIDENT, Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Replace a person's details (residents: members of their own household)")
    public Uni<PersonView> update(@PathParam("id") UUID id, @Valid @NotNull PersonRequest request) {
        return persons.update(context.caller(), id, request);
    }

    @POST
    @Path("{id}/contacts")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF })
    @Operation(summary = "Record a call or visit with a person (care list) and its outcome")
    public Uni<Response> contact(@PathParam("id") UUID id, @Valid @NotNull org.lifeline.residents.api.CareApi.ContactRequest request) {
        return care.contact(context.caller(), id, request).map(view -> Response.status(201).entity(view).build());
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({ Roles.GRID_WORKER, Roles.COMMUNITY_STAFF, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Remove a person from their household")
    public Uni<Response> remove(@PathParam("id") UUID id) {
        return persons.remove(context.caller(), id).map(v -> Response.noContent().build());
    }
}
