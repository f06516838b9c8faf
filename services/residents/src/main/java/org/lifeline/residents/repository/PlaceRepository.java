package org.lifeline.residents.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.Panache;
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

    /**
     * Moves a place (its parent code already changed on the entity) from {@code oldPath} to {@code newPath}: every
     * path under the old one, of places, households and survey rounds, by prefix; then reloads the place.
     */
    public Uni<Void> move(Place place, String oldPath, String newPath) {
        return flushSession()
                .flatMap(v -> Panache.getSession())
                .flatMap(session -> rewrite(session, "place", "path", oldPath, newPath)
                        .flatMap(x -> rewrite(session, "household", "place_path", oldPath, newPath))
                        .flatMap(x -> rewrite(session, "survey_round", "area_path", oldPath, newPath))
                        .flatMap(x -> session.refresh(place)));
    }

    private static Uni<Integer> rewrite(org.hibernate.reactive.mutiny.Mutiny.Session session, String table, String column,
            String oldPath, String newPath) {
        return session.createNativeQuery("UPDATE " + table + " SET " + column + " = ?1 || substr(" + column
                        + ", ?2) WHERE " + column + " LIKE ?3")
                .setParameter(1, newPath).setParameter(2, oldPath.length() + 1).setParameter(3, oldPath + "%")
                .executeUpdate();
    }

}
