package org.lifeline.cogovernance.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.cogovernance.api.VolunteerApi.Notification;
import org.lifeline.cogovernance.api.VolunteerApi.RegisterRequest;
import org.lifeline.cogovernance.api.VolunteerApi.Volunteer;
import org.lifeline.cogovernance.config.Texts;
import org.lifeline.cogovernance.model.Enrolled;
import org.lifeline.cogovernance.model.VolunteerRecord;
import org.lifeline.cogovernance.repository.AccessLogRepository;
import org.lifeline.cogovernance.repository.NotificationRepository;
import org.lifeline.cogovernance.repository.VolunteerRepository;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.privacy.Masking;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Caller;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Volunteers (社区志愿者, "community militia"): register themselves with skills, availability and home area; community
 * staff of that area vet them. In normal mode they are a reserve; entering emergency notifies the vetted ones.
 * Other volunteers see a volunteer's name and phone masked; staff see phones masked in lists and unmasked
 * when they open one volunteer, a read written to {@code personal_data_access} in the same transaction.
 */
@ApplicationScoped
public class VolunteerService {

    @Inject
    Transactions tx;

    @Inject
    VolunteerRepository repository;

    @Inject
    NotificationRepository notifications;

    @Inject
    AccessLogRepository accessLog;

    @Inject
    PlaceScopes places;

    public Volunteer register(Caller caller, RegisterRequest request) {
        String path = places.path(request.homeAreaCode()).orElseThrow(() -> ProblemException.invalidField("homeAreaCode",
                Texts.of("place.unknown", request.homeAreaCode())));
        boolean registered = tx.read(c -> repository.insert(c, UUID.randomUUID(), caller.subject(), caller.username(), request.name(),
                request.phone(), request.skills().stream().distinct().toList(), request.availability(), request.homeAreaCode(), path));
        if (!registered) {
            throw ProblemException.conflict(Texts.of("volunteer.registered-already"));
        }
        return mine(caller);
    }

    public Volunteer mine(Caller caller) {
        return tx.read(c -> repository.bySubject(c, caller.subject())).map(v -> volunteer(v, View.FULL))
                .orElseThrow(() -> ProblemException.notFound("Volunteer", caller.username()));
    }

    public Optional<Enrolled> enrolled(Caller caller) {
        return tx.read(c -> repository.enrolled(c, caller.subject()));
    }

    public Enrolled requireVetted(Caller caller) {
        Enrolled me = enrolled(caller).orElseThrow(() -> ProblemException.forbidden(Texts.of("volunteer.register-first")));
        if (!me.vetted()) {
            throw ProblemException.forbidden(Texts.of("volunteer.not-vetted", me.status()));
        }
        return me;
    }

    /** Staff of the volunteer's home area vet or reject the registration. */
    public Volunteer vet(Caller caller, UUID id, String decision, String note) {
        Volunteer before = get(caller, id);
        if (before.masked()) {
            throw ProblemException.notFound("Volunteer", id);
        }
        tx.run(c -> repository.vet(c, id, decision, caller.username(), note));
        return get(caller, id);
    }

    /**
     * A volunteer of the caller's areas (home area inside them). Staff see everything; another volunteer sees
     * the name and phone masked; the volunteer themself sees their own record in full.
     */
    public Volunteer get(Caller caller, UUID id) {
        List<String> mine = places.paths(caller);
        return tx.call(c -> {
            VolunteerRecord v = repository.byId(c, id)
                    .filter(r -> AreaPaths.within(mine, r.homeAreaPath()) || caller.subject().equals(r.subject()))
                    .orElseThrow(() -> ProblemException.notFound("Volunteer", id));
            Volunteer volunteer = volunteer(v, view(caller, v.subject(), true));
            if (!caller.subject().equals(v.subject()) && !volunteer.masked()) {
                accessLog.record(c, caller, "volunteer", id, "phone", "volunteer-contact");
            }
            return volunteer;
        });
    }

    /** Staff (and admins) see their areas; a volunteer sees volunteers of their own areas (masked). */
    public PageView<Volunteer> list(Caller caller, String status, int page, int size) {
        List<String> mine = places.paths(caller);
        return tx.read(c -> PageView.of(repository.list(c, mine, status, page, size).stream()
                .map(v -> volunteer(v, view(caller, v.subject(), false))).toList(), page, size, repository.count(c, mine, status)));
    }

    /** The calling volunteer's notifications (newest first). */
    public List<Notification> notifications(Caller caller) {
        return tx.read(c -> notifications.of(c, caller.subject(), "volunteer"));
    }

    /** How much of a volunteer a caller sees. */
    enum View {
        /** the volunteer themself, or staff reading one record (audited) */
        FULL,
        /** staff in lists: the name, the phone masked */
        PHONE_MASKED,
        /** another volunteer: name and phone masked */
        MASKED
    }

    private static View view(Caller caller, String subject, boolean single) {
        if (caller.subject().equals(subject)) {
            return View.FULL;
        }
        if (caller.isStaff() || caller.isPlatformAdmin()) {
            return single ? View.FULL : View.PHONE_MASKED;
        }
        return View.MASKED;
    }

    private static Volunteer volunteer(VolunteerRecord v, View view) {
        boolean masked = view == View.MASKED;
        return new Volunteer(v.id(), masked ? null : v.username(), masked ? maskName(v.name()) : v.name(),
                view == View.FULL ? v.phone() : Masking.phone(v.phone()), v.skills(), v.availability(), v.homeAreaCode(), v.status(),
                masked ? null : v.vettedBy(), v.vettedAt(), v.registeredAt(), masked);
    }

    /** 陈小明 → 陈**; a one-character name → *. */
    static String maskName(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        int first = name.codePointAt(0);
        int rest = name.codePointCount(0, name.length()) - 1;
        return rest == 0 ? "*" : new String(Character.toChars(first)) + "*".repeat(rest);
    }
}
