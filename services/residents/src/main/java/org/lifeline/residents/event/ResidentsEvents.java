package org.lifeline.residents.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.events.CloudEvent;
import org.lifeline.residents.model.Household;
import org.lifeline.residents.model.OutboxEvent;
import org.lifeline.residents.model.Person;
import org.lifeline.residents.model.Place;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Writes residents' domain events to the outbox, inside the caller's transaction (call it from a
 * {@code @WithTransaction} method): the event exists if and only if the change was committed.
 */
@ApplicationScoped
public class ResidentsEvents {

    public static final String SOURCE = "/lifeline/residents";

    @Inject
    ObjectMapper mapper;

    public Uni<Void> householdChanged(HouseholdChanged.Change change, Household h, List<Person> persons) {
        // verified persons and flags only: a resident's declaration counts once staff verify it (issue 18)
        List<HouseholdChanged.Member> members = persons.stream().filter(p -> p.verified)
                .sorted(Comparator.comparing(p -> p.createdAt == null ? java.time.OffsetDateTime.MIN : p.createdAt))
                .map(p -> new HouseholdChanged.Member(p.id, p.name, p.birthDate, p.relation, Set.copyOf(p.flags)))
                .toList();
        HouseholdChanged data = new HouseholdChanged(change, h.id, h.code, h.unitCode, h.room, h.placePath, h.gridCode, h.status,
                h.statusReason, h.statusSource, h.statusSince, h.statusUntil, h.version, members);
        return append(HouseholdChanged.TOPIC, h.id.toString(),
                CloudEvent.of(SOURCE, HouseholdChanged.TYPE, h.id.toString(), data));
    }

    public Uni<Void> placeCreated(Place place) {
        return append(PlaceCreated.TOPIC, place.code, CloudEvent.of(SOURCE, PlaceCreated.TYPE, place.code,
                new PlaceCreated(place.code, place.name, place.level, place.parentCode, place.path)));
    }

    public Uni<Void> placeChanged(Place place, String previousPath) {
        return append(PlaceCreated.TOPIC, place.code, CloudEvent.of(SOURCE, PlaceChanged.TYPE, place.code,
                new PlaceChanged(place.code, place.name, place.level, place.parentCode, place.path, previousPath)));
    }

    public Uni<Void> gridCreated(org.lifeline.residents.api.GridApi.GridView grid) {
        return append(PlaceCreated.TOPIC, grid.code(), CloudEvent.of(SOURCE, GridCreated.TYPE, grid.code(),
                new GridCreated(grid.code(), grid.communityCode(), grid.name(), grid.gridWorker())));
    }

    private Uni<Void> append(String topic, String key, CloudEvent<?> event) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = UUID.fromString(event.id());
        row.topic = topic;
        row.eventKey = key;
        row.eventType = event.type();
        try {
            row.payload = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return row.persist().replaceWithVoid();
    }
}
