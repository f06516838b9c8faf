package org.lifeline.residents.service;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Roles;
import org.lifeline.residents.api.PhoneLookupApi;
import org.lifeline.residents.config.Texts;
import org.lifeline.residents.model.PersonalDataAccess;
import org.lifeline.residents.repository.PersonalDataAccessRepository;
import org.lifeline.residents.repository.SearchRepository;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Which households have a person with a given phone number, for the hotline: an operator finding the caller's
 * household, the hotline service matching an SMS or WeChat message to one. Knowing that a number belongs to a
 * household is reading the unmasked number, so every person matched is a row of the personal-data audit, in the
 * same transaction as the answer (no row, no answer). A human operator looks inside their areas; the hotline's
 * service account (a client-credentials token of a client in {@code residents.lookup.city-wide-clients}, with no
 * areas claim) looks across the city, as a message may come from anywhere in it.
 */
@ApplicationScoped
public class PhoneLookup {

    /** The purpose written to the audit row. */
    static final String PURPOSE = "hotline: match a caller's phone number to a household (热线来电号码匹配住户)";
    /** Persons matched at most: one number in more households than this is a data problem, not a caller. */
    static final int MAX_HOLDERS = 50;

    @Inject
    SearchRepository search;

    @Inject
    PersonalDataAccessRepository audits;

    @Inject
    AreaAccess access;

    @ConfigProperty(name = "residents.lookup.city-wide-clients", defaultValue = "lifeline-hotline")
    Set<String> cityWideClients;

    @WithTransaction
    public Uni<List<PhoneLookupApi.Match>> byPhone(Caller caller, String clientId, String phone, String requestId) {
        String digits = PhoneNumbers.national(phone).orElseThrow(() -> ProblemException.invalidField("phone",
                Texts.of("phone-lookup.not-a-phone-number")));
        return paths(caller, clientId).flatMap(paths -> {
            if (paths.isEmpty()) {
                return Uni.createFrom().item(List.<PhoneLookupApi.Match>of());
            }
            return search.phoneHolders(paths, digits, MAX_HOLDERS).flatMap(holders -> {
                Map<UUID, PhoneLookupApi.Match> households = new LinkedHashMap<>();
                Uni<Void> audited = Uni.createFrom().voidItem();
                for (SearchRepository.PhoneHolder holder : holders) {
                    households.putIfAbsent(holder.householdId(), new PhoneLookupApi.Match(holder.householdId(),
                            holder.householdCode(), holder.placePath()));
                    PersonalDataAccess audit = audit(caller, holder, requestId);
                    audited = audited.flatMap(v -> audits.add(audit).replaceWithVoid());
                }
                return audited.replaceWith(() -> List.copyOf(households.values()));
            });
        });
    }

    /** The caller's places; the whole city for the hotline's service account. */
    private Uni<List<String>> paths(Caller caller, String clientId) {
        if (clientId != null && cityWideClients.contains(clientId) && caller.hasRole(Roles.HOTLINE_OPERATOR)
                && caller.areas().isEmpty()) {
            return Uni.createFrom().item(List.of("/"));
        }
        return access.visiblePaths(caller);
    }

    private static PersonalDataAccess audit(Caller caller, SearchRepository.PhoneHolder holder, String requestId) {
        PersonalDataAccess audit = new PersonalDataAccess();
        audit.actorSubject = caller.subject();
        audit.actorUsername = caller.username();
        audit.actorRoles = String.join(",", new TreeSet<>(caller.roles()));
        audit.personId = holder.personId();
        audit.householdId = holder.householdId();
        audit.fields = Views.PHONE;
        audit.purpose = PURPOSE;
        audit.requestId = requestId;
        return audit;
    }
}
