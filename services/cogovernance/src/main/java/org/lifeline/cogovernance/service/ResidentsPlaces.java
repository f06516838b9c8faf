package org.lifeline.cogovernance.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.cogovernance.repository.PlaceReadModelRepository;
import org.lifeline.platform.inbox.EventHandler;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Residents' places ({@code lifeline.residents.place.v1}: {@code PlaceCreated}, {@code PlaceChanged}) into
 * {@code place_rm}, so area codes resolve to paths; a moved place takes along the paths of tasks, volunteers and
 * area modes under it. {@code GridCreated} is passed over (grids are not areas here). To be replaced by the
 * platform's residents read-model library.
 */
@ApplicationScoped
public class ResidentsPlaces {

    public static final String PLACE_TOPIC = "lifeline.residents.place.v1";
    static final String GRID_CREATED = "org.lifeline.residents.GridCreated.v1";

    @Inject
    PlaceReadModelRepository repository;

    public EventHandler handler() {
        return (c, topic, key, event) -> apply(c, event);
    }

    void apply(Connection c, JsonNode event) throws SQLException {
        if (GRID_CREATED.equals(event.path("type").asText())) {
            return;
        }
        JsonNode d = event.get("data");
        String code = d.get("code").asText();
        String path = d.get("path").asText();
        repository.upsert(c, code, d.get("name").asText(), d.get("level").asText(),
                d.hasNonNull("parentCode") ? d.get("parentCode").asText() : null, path);
        String previous = d.path("previousPath").asText(null);
        if (previous != null && !previous.equals(path)) {
            repository.move(c, code, previous, path);
        }
    }
}
