package org.lifeline.residents.service;

import org.lifeline.residents.config.Texts;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.residents.repository.PlaceRepository;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.api.PageView;
import org.lifeline.residents.api.PlaceRequest;
import org.lifeline.residents.api.PlaceView;
import org.lifeline.residents.model.Place;
import org.lifeline.residents.model.PlaceLevel;

import java.util.List;

/** Places of the hierarchy: create under a parent inside the caller's areas; browse. */
@ApplicationScoped
public class PlaceService {

    @Inject
    PlaceRepository places;

    @Inject
    AreaAccess access;

    @Inject
    ResidentsEvents events;

    @WithTransaction
    public Uni<PlaceView> create(Caller caller, PlaceRequest request) {
        return places.byId(request.code()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(ProblemException.conflict(Texts.of("place-service.place-already-exists", request.code())));
            }
            if (request.level() == PlaceLevel.CITY) {
                if (request.parentCode() != null) {
                    throw ProblemException.invalidField("parentCode",
                            Texts.of("place-service.must-empty-city"));
                }
                if (!caller.isPlatformAdmin()) {
                    throw ProblemException.forbidden(Texts.of("place-service.only-platform-admins-create-cities"));
                }
                return save(place(request, null));
            }
            if (request.parentCode() == null) {
                throw ProblemException.invalidField("parentCode", Texts.of("place-service.required-below-city-level"));
            }
            return access.requirePlace(caller, request.parentCode()).flatMap(parent -> {
                if (parent.level.childLevel() != request.level()) {
                    throw ProblemException.invalidField("level", Texts.of("place-service.must-under", parent.level.childLevel(), parent.level));
                }
                return save(place(request, parent));
            });
        });
    }

    private Uni<PlaceView> save(Place place) {
        return places.add(place).flatMap(saved -> events.placeCreated(saved).replaceWith(Views.place(saved)));
    }

    private static Place place(PlaceRequest request, Place parent) {
        Place place = new Place();
        place.code = request.code();
        place.name = request.name().trim();
        place.level = request.level();
        place.parentCode = parent == null ? null : parent.code;
        place.path = Place.pathOf(parent == null ? null : parent.path, request.code());
        return place;
    }

    /**
     * Renames and/or moves a place inside the caller's areas. A move rewrites the paths of the place,
     * everything under it, its households and survey rounds in one transaction; codes never change.
     */
    @WithTransaction
    public Uni<PlaceView> change(Caller caller, String code, org.lifeline.residents.api.PlaceChangeRequest request) {
        if (!caller.isPlatformAdmin() && !caller.hasAnyRole(java.util.Set.of(org.lifeline.platform.security.Roles.COMMUNITY_STAFF,
                org.lifeline.platform.security.Roles.STREET_OFFICER, org.lifeline.platform.security.Roles.DISTRICT_OFFICER))) {
            throw ProblemException.forbidden(Texts.of("place-service.role-does-not-change-places"));
        }
        return access.requirePlace(caller, code).flatMap(place -> {
            if (request.name() != null) {
                place.name = request.name().trim();
            }
            if (request.parentCode() == null || request.parentCode().equals(place.parentCode)) {
                return events.placeChanged(place, place.path).replaceWith(Views.place(place));
            }
            if (place.level == PlaceLevel.CITY) {
                throw ProblemException.invalidField("parentCode", Texts.of("place-service.city-has-no-parent"));
            }
            return access.requirePlace(caller, request.parentCode()).flatMap(parent -> {
                if (parent.level.childLevel() != place.level) {
                    throw ProblemException.invalidField("parentCode", Texts.of("place-service.must", levelAbove(place.level)));
                }
                if (parent.path.startsWith(place.path)) {
                    throw ProblemException.invalidField("parentCode", Texts.of("place-service.cannot-inside-place-itself"));
                }
                String oldPath = place.path;
                String newPath = Place.pathOf(parent.path, place.code);
                place.parentCode = parent.code;
                return places.move(place, oldPath, newPath)
                        .flatMap(v -> events.placeChanged(place, oldPath))
                        .replaceWith(() -> Views.place(place));
            });
        });
    }

    private static String levelAbove(PlaceLevel level) {
        return PlaceLevel.values()[level.ordinal() - 1].code();
    }

    @WithSession
    public Uni<PlaceView> get(Caller caller, String code) {
        return access.requirePlace(caller, code).map(Views::place);
    }

    /** Children of a place, or the caller's own area places when {@code parent} is null. */
    @WithSession
    public Uni<PageView<PlaceView>> children(Caller caller, String parent, int page, int size) {
        if (parent == null) {
            if (caller.isPlatformAdmin()) {
                return page(places, "parentCode is null", page, size);
            }
            return page(places, "code in ?1", page, size, caller.areas().isEmpty() ? List.of("") : caller.areas());
        }
        return access.requirePlace(caller, parent)
                .flatMap(p -> page(places, "parentCode", page, size, p.code));
    }

    private static Uni<PageView<PlaceView>> page(PlaceRepository places, String query, int page, int size,
            Object... params) {
        return places.countWhere(query, params).flatMap(total -> places.page(query, Sort.by("code"), page, size, params)
                .map(list -> PageView.of(list.stream().map(Views::place).toList(), page, size, total)));
    }
}
