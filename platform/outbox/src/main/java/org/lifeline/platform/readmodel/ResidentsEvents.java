package org.lifeline.platform.readmodel;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The consumer's own records of residents' events (docs/events.md), read from the CloudEvent with only the fields
 * the read model keeps; residents' publishing records are residents' own. A required field that is missing
 * fails the read, and the event is parked.
 */
public final class ResidentsEvents {

    public static final String PLACE_CREATED = "org.lifeline.residents.PlaceCreated.v1";
    public static final String PLACE_CHANGED = "org.lifeline.residents.PlaceChanged.v1";
    public static final String GRID_CREATED = "org.lifeline.residents.GridCreated.v1";
    public static final String HOUSEHOLD_CHANGED = "org.lifeline.residents.HouseholdChanged.v1";

    /** {@code PlaceCreated} and {@code PlaceChanged}; {@code previousPath} only after a move. */
    public record Place(String code, String name, String level, String parentCode, String path, String previousPath) {
    }

    /** {@code GridCreated}. */
    public record Grid(String code, String communityCode, String name, String gridWorker) {
    }

    /** {@code HouseholdChanged}: the whole household at {@code version}, as of the event's {@code time}. */
    public record Household(UUID householdId, String code, String unitCode, String room, String placePath, String status,
            long version, String gridCode, List<Person> persons, OffsetDateTime time) {
    }

    public record Person(UUID personId, String name, LocalDate birthDate, String relation, List<String> flags) {
    }

    private ResidentsEvents() {
    }

    static Place place(JsonNode event) {
        JsonNode d = data(event);
        return new Place(required(d, "code"), required(d, "name"), required(d, "level"), optional(d, "parentCode"),
                required(d, "path"), optional(d, "previousPath"));
    }

    static Grid grid(JsonNode event) {
        JsonNode d = data(event);
        return new Grid(required(d, "code"), required(d, "communityCode"), required(d, "name"), optional(d, "gridWorker"));
    }

    static Household household(JsonNode event) {
        JsonNode d = data(event);
        List<Person> persons = new ArrayList<>();
        for (JsonNode p : d.path("persons")) {
            List<String> flags = new ArrayList<>();
            p.path("flags").forEach(f -> flags.add(f.asText()));
            persons.add(new Person(UUID.fromString(required(p, "personId")), required(p, "name"),
                    LocalDate.parse(required(p, "birthDate")), required(p, "relation"), List.copyOf(flags)));
        }
        if (!d.hasNonNull("version")) {
            throw new IllegalArgumentException("HouseholdChanged without version");
        }
        return new Household(UUID.fromString(required(d, "householdId")), required(d, "code"), required(d, "unitCode"),
                required(d, "room"), required(d, "placePath"), required(d, "status"), d.get("version").asLong(),
                optional(d, "gridCode"), List.copyOf(persons), OffsetDateTime.parse(required(event, "time")));
    }

    private static JsonNode data(JsonNode event) {
        JsonNode d = event.get("data");
        if (d == null || !d.isObject()) {
            throw new IllegalArgumentException("event without data");
        }
        return d;
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value.asText();
    }

    private static String optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
