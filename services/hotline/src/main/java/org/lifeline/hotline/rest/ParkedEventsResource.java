package org.lifeline.hotline.rest;

import jakarta.ws.rs.Path;
import org.lifeline.platform.inbox.ParkedEventsApi;

/** The platform's admin API of this service's parked events and outbox dead letters (platform-admin only). */
@Path("/api/hotline/admin/parked-events")
public class ParkedEventsResource extends ParkedEventsApi {
}
