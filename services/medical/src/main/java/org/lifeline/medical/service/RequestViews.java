package org.lifeline.medical.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.medical.api.MedicalApi.Details;
import org.lifeline.medical.api.MedicalApi.Notification;
import org.lifeline.medical.api.MedicalApi.RequestSummary;
import org.lifeline.medical.api.MedicalApi.RequestView;
import org.lifeline.medical.model.Access;
import org.lifeline.medical.model.Household;
import org.lifeline.medical.model.RequestDetails;
import org.lifeline.medical.model.RequestRow;
import org.lifeline.medical.repository.DetailAccessRepository;
import org.lifeline.medical.repository.HospitalRepository;
import org.lifeline.medical.repository.HouseholdRepository;
import org.lifeline.medical.repository.NotificationRepository;
import org.lifeline.medical.repository.OfferRepository;
import org.lifeline.medical.repository.RequestRepository;
import org.lifeline.medical.repository.RequestRepository.Filter;
import org.lifeline.medical.repository.StageDeadlineRepository;
import org.lifeline.medical.repository.TimelineRepository;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.privacy.Masking;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the household and staff see (rules in {@link RequestAccess}): a request with its deadlines, timeline and
 * assignment, its details whole (and the read audited in {@code medical_detail_access}, in the read's transaction)
 * or masked; the lists of summaries (no details); the notifications to the caller's areas.
 */
@ApplicationScoped
public class RequestViews {

    @Inject
    Transactions tx;

    @Inject
    PlaceScopes places;

    @Inject
    RequestAccess access;

    @Inject
    RequestRepository requests;

    @Inject
    HouseholdRepository households;

    @Inject
    StageDeadlineRepository deadlines;

    @Inject
    TimelineRepository timeline;

    @Inject
    HospitalRepository hospitals;

    @Inject
    NotificationRepository notifications;

    @Inject
    OfferRepository offers;

    @Inject
    DetailAccessRepository audit;

    @Inject
    ObjectMapper mapper;

    /** The request with its deadlines and timeline; details whole (and audited) or masked. */
    public RequestView view(Caller caller, UUID id, String httpRequestId) {
        return tx.call(c -> {
            RequestRow row = access.row(c, id);
            Access seen = access.access(caller, row);
            if (seen == Access.NONE) {
                throw ProblemException.notFound("Medical request", id);
            }
            RequestSummary summary = requests.summary(c, id);
            RequestDetails stored = requests.details(c, id);
            Details details;
            if (seen == Access.DETAILS) {
                details = new Details(false, stored.description(), parse(stored.answersJson()), stored.contactName(),
                        stored.contactPhone());
                audit.record(c, caller, row, caller.household() != null && caller.household().equals(row.householdCode())
                        ? "own household's request" : caller.hospital() != null
                                ? "hospital " + caller.hospital() + " receiving the patient"
                                : "handling an urgent medical request", httpRequestId);
            } else {
                details = new Details(true, null, null, maskName(stored.contactName()), Masking.phone(stored.contactPhone()));
            }
            return new RequestView(summary, details, deadlines.of(c, id), timeline.of(c, id), hospitals.assignment(c, id),
                    offers.of(c, id));
        });
    }

    /** Requests the caller may see, newest first: a resident's household, or staff's areas. */
    public PageView<RequestSummary> list(Caller caller, boolean openOnly, int page, int size) {
        Filter filter;
        if (caller.isStaff() || caller.isPlatformAdmin()) {
            filter = Filter.within(places.paths(caller));
        } else if (caller.household() != null) {
            filter = Filter.householdCode(caller.household());
        } else {
            filter = Filter.none();
        }
        Filter chosen = openOnly ? filter.openOnly() : filter;
        return tx.read(c -> PageView.of(requests.summaries(c, chosen, page * size, size), page, size,
                requests.count(c, chosen)));
    }

    /**
     * A household's requests (the gateway's household overview): the household itself, or staff or a hotline
     * operator of its area; summaries only, no medical details.
     */
    public List<RequestSummary> ofHousehold(Caller caller, UUID household) {
        return tx.read(c -> {
            Household h = households.byId(c, household)
                    .orElseThrow(() -> ProblemException.notFound("Household", household));
            boolean own = caller.isResident() && h.code().equals(caller.household());
            if (!own && !places.within(caller, h.path())) {
                throw ProblemException.notFound("Household", household);
            }
            return requests.summaries(c, Filter.household(household), 0, 100);
        });
    }

    /** Notifications to the places of the caller's areas (and below), newest first; of one request if given. */
    public List<Notification> notifications(Caller caller, UUID request, int limit) {
        List<String> paths = places.paths(caller);
        return tx.read(c -> notifications.within(c, paths, request, limit));
    }

    /** The first character of a name, the rest as asterisks (张三丰 → 张**). */
    static String maskName(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        int first = name.offsetByCodePoints(0, 1);
        return name.substring(0, first) + "*".repeat(Math.max(1, name.codePointCount(first, name.length())));
    }

    private Map<String, Object> parse(String json) {
        try {
            return mapper.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
