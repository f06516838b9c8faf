package org.lifeline.residents.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.events.EventType;
import org.lifeline.platform.outbox.Outbox;
import org.lifeline.residents.api.GridApi;
import org.lifeline.residents.event.CareContactOverdue;
import org.lifeline.residents.event.GridCreated;
import org.lifeline.residents.event.HouseholdChanged;
import org.lifeline.residents.event.PlaceChanged;
import org.lifeline.residents.event.PlaceCreated;
import org.lifeline.residents.event.SurveyVisitRecorded;
import org.lifeline.residents.model.Household;
import org.lifeline.residents.model.Person;
import org.lifeline.residents.model.Place;
import org.lifeline.residents.repository.OutboxRepository;

import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Writes residents' domain events to the outbox through {@link Outbox#row}, inside the caller's reactive
 * transaction (call it from a {@code @WithTransaction} method): the event exists if and only if the change was
 * committed. Many households at once (imports, testing's facts) go over JDBC:
 * {@code repository.HouseholdEventsRepository}.
 */
@ApplicationScoped
public class ResidentsEvents {

    @Inject
    ObjectMapper mapper;

    @Inject
    OutboxRepository outbox;

    public Uni<Void> householdChanged(HouseholdChanged.Change change, Household h, List<Person> persons) {
        // verified persons and flags only: a resident's declaration counts once staff verify it (issue 18)
        List<HouseholdChanged.Member> members = persons.stream().filter(p -> p.verified)
                .sorted(Comparator.comparing(p -> p.createdAt == null ? OffsetDateTime.MIN : p.createdAt))
                .map(p -> new HouseholdChanged.Member(p.id, p.name, p.birthDate, p.relation, Set.copyOf(p.flags)))
                .toList();
        HouseholdChanged data = new HouseholdChanged(change, h.id, h.code, h.unitCode, h.room, h.placePath, h.gridCode, h.status,
                h.statusReason, h.statusSource, h.statusSince, h.statusUntil, h.version, members);
        return append(HouseholdChanged.EVENT, h.id.toString(), data);
    }

    public Uni<Void> placeCreated(Place place) {
        return append(PlaceCreated.EVENT, place.code,
                new PlaceCreated(place.code, place.name, place.level, place.parentCode, place.path));
    }

    public Uni<Void> placeChanged(Place place, String previousPath) {
        return append(PlaceChanged.EVENT, place.code,
                new PlaceChanged(place.code, place.name, place.level, place.parentCode, place.path, previousPath));
    }

    /** On the grid topic: consumers of places never see it. */
    public Uni<Void> gridCreated(GridApi.GridView grid) {
        return append(GridCreated.EVENT, grid.code(),
                new GridCreated(grid.code(), grid.communityCode(), grid.name(), grid.gridWorker()));
    }

    public Uni<Void> surveyVisitRecorded(SurveyVisitRecorded visit) {
        return append(SurveyVisitRecorded.EVENT, visit.householdId().toString(), visit);
    }

    public Uni<Void> careContactOverdue(CareContactOverdue overdue) {
        return append(CareContactOverdue.EVENT, overdue.householdId().toString(), overdue);
    }

    private Uni<Void> append(EventType type, String key, Object data) {
        return Uni.createFrom().item(() -> Outbox.row(mapper, type, key, data)).flatMap(outbox::append);
    }
}
