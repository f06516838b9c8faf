package org.lifeline.platform.inbox;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.outbox.DeadLetters;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Callers;
import org.lifeline.platform.security.Roles;

import java.util.Locale;

/**
 * The admin API of a service's parked events and outbox dead letters, for platform admins only (the payloads are
 * shown: an admin needs them to judge). A service that consumes events declares it with one file,
 * {@code @Path("/api/<service>/admin/parked-events") public class ParkedEventsResource extends ParkedEventsApi {}}:
 * the methods, their JAX-RS annotations and their {@code @RolesAllowed} are inherited. Errors are problem+json.
 *
 * <ul>
 *   <li>{@code GET ?state=parked|replayed&topic=&page=0&size=20}: a page of {@link ParkedEvents.Parked}, newest first</li>
 *   <li>{@code GET /{id}}: one</li>
 *   <li>{@code POST /{id}/replay}: hands it again to its topic's handler; a {@link ParkedEvents.Replay}</li>
 *   <li>{@code GET /outbox?page=0&size=20}: the outbox's dead letters, newest first</li>
 *   <li>{@code POST /outbox/{seq}/requeue}: queues a dead letter again</li>
 * </ul>
 */
@Produces(MediaType.APPLICATION_JSON)
public abstract class ParkedEventsApi {

    @Inject
    ParkedEvents parked;

    @Inject
    DeadLetters deadLetters;

    @Inject
    SecurityIdentity identity;

    @Inject
    Callers callers;

    @GET
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public PageView<ParkedEvents.Parked> list(@QueryParam("state") @DefaultValue("parked") String state,
            @QueryParam("topic") String topic, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("20") int size) {
        return parked.page(state(state), topic, page, size);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public ParkedEvents.Parked get(@PathParam("id") long id) {
        return parked.get(id);
    }

    @POST
    @Path("/{id}/replay")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public ParkedEvents.Replay replay(@PathParam("id") long id) {
        return parked.replay(id, who());
    }

    @GET
    @Path("/outbox")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public PageView<DeadLetters.DeadLetter> deadLetters(@QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("20") int size) {
        if (page < 0) {
            throw ProblemException.invalidField("page", Message.key(ParkedEvents.BUNDLE, "paging.page"));
        }
        if (size < 1 || size > ParkedEvents.MAX_PAGE_SIZE) {
            throw ProblemException.invalidField("size", Message.key(ParkedEvents.BUNDLE, "paging.size",
                    ParkedEvents.MAX_PAGE_SIZE));
        }
        return deadLetters.page(page, size);
    }

    @POST
    @Path("/outbox/{seq}/requeue")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public DeadLetters.DeadLetter requeue(@PathParam("seq") long seq) {
        return deadLetters.requeue(seq, who());
    }

    private String who() {
        Caller caller = callers.of(identity);
        return caller.username() != null ? caller.username() : caller.subject();
    }

    private static ParkedEvents.State state(String state) {
        try {
            return ParkedEvents.State.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("state", Message.key(ParkedEvents.BUNDLE, "parked.state"));
        }
    }
}
