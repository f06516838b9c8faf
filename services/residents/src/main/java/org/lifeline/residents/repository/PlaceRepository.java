package org.lifeline.residents.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.residents.model.Place;

import java.util.Collection;
import java.util.List;

/** Places over the reactive session (Panache). */
@ApplicationScoped
public class PlaceRepository implements Aggregates<Place, String> {

    /** The paths of those of these codes that are known places. */
    public Uni<List<String>> pathsOf(Collection<String> codes) {
        return list("code in ?1", codes).map(places -> places.stream().map(p -> p.path).toList());
    }
}
