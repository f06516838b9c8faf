package org.lifeline.residents.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.residents.api.PageView;
import org.lifeline.residents.api.PlaceRequest;
import org.lifeline.residents.api.PlaceView;
import org.lifeline.residents.event.ResidentsEvents;
import org.lifeline.residents.model.Place;
import org.lifeline.residents.model.PlaceLevel;

import java.util.List;

/** Places of the hierarchy: create under a parent inside the caller's areas; browse. */
@ApplicationScoped
public class PlaceService {

    @Inject
    AreaAccess access;

    @Inject
    ResidentsEvents events;

    @WithTransaction
    public Uni<PlaceView> create(Caller caller, PlaceRequest request) {
        return Place.<Place>findById(request.code()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(ProblemException.conflict(Message.of(
                        "Place " + request.code() + " already exists.", "地点 " + request.code() + " 已存在。")));
            }
            if (request.level() == PlaceLevel.CITY) {
                if (request.parentCode() != null) {
                    throw ProblemException.invalidField("parentCode",
                            Message.of("must be empty for a city", "市级地点不能有上级"));
                }
                if (!caller.isPlatformAdmin()) {
                    throw ProblemException.forbidden(Message.of("Only platform admins create cities.",
                            "只有平台管理员可以创建市级地点。"));
                }
                return save(place(request, null));
            }
            if (request.parentCode() == null) {
                throw ProblemException.invalidField("parentCode", Message.of("is required below the city level",
                        "市级以下地点必须指定上级"));
            }
            return access.requirePlace(caller, request.parentCode()).flatMap(parent -> {
                if (parent.level.childLevel() != request.level()) {
                    throw ProblemException.invalidField("level", Message.of(
                            "must be " + parent.level.childLevel() + " under a " + parent.level,
                            parent.level + " 下级必须是 " + parent.level.childLevel()));
                }
                return save(place(request, parent));
            });
        });
    }

    private Uni<PlaceView> save(Place place) {
        return place.<Place>persist().flatMap(saved -> events.placeCreated(saved).replaceWith(Views.place(saved)));
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

    @WithSession
    public Uni<PlaceView> get(Caller caller, String code) {
        return access.requirePlace(caller, code).map(Views::place);
    }

    /** Children of a place, or the caller's own area places when {@code parent} is null. */
    @WithSession
    public Uni<PageView<PlaceView>> children(Caller caller, String parent, int page, int size) {
        if (parent == null) {
            if (caller.isPlatformAdmin()) {
                return page(Place.find("parentCode is null", Sort.by("code")), page, size);
            }
            return page(Place.find("code in ?1", Sort.by("code"), caller.areas().isEmpty() ? List.of("") : caller.areas()),
                    page, size);
        }
        return access.requirePlace(caller, parent)
                .flatMap(p -> page(Place.find("parentCode", Sort.by("code"), p.code), page, size));
    }

    private static Uni<PageView<PlaceView>> page(io.quarkus.hibernate.reactive.panache.PanacheQuery<Place> query,
            int page, int size) {
        return query.count().flatMap(total -> query.page(page, size).list()
                .map(list -> PageView.of(list.stream().map(Views::place).toList(), page, size, total)));
    }
}
