package org.lifeline.hotline.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.hotline.api.HotlineApi.TicketView;
import org.lifeline.hotline.config.Texts;
import org.lifeline.hotline.event.TicketEvent;
import org.lifeline.hotline.model.Household;
import org.lifeline.hotline.model.TicketRow;
import org.lifeline.hotline.repository.ContactRepository;
import org.lifeline.hotline.repository.MergeRepository;
import org.lifeline.hotline.repository.TicketRepository;
import org.lifeline.hotline.repository.TimelineRepository;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/**
 * Merging by hand, its undo, and splitting (helpdesk users' most wanted feature, and a wrong merge their worst
 * complaint): a merge moves one ticket's contacts to another ticket of the same household and keeps what undoing it
 * needs ({@code ticket_merge}); unmerge puts both tickets back as they were (status, contacts and counts, deadlines),
 * each step on both timelines. A split moves chosen contacts to a new ticket of another category.
 */
@ApplicationScoped
public class MergeService {

    @Inject
    Transactions tx;

    @Inject
    TicketAccess access;

    @Inject
    TicketChanges changes;

    @Inject
    TicketRouting routing;

    @Inject
    TicketViews views;

    @Inject
    IntakeService intake;

    @Inject
    TicketRepository tickets;

    @Inject
    ContactRepository contacts;

    @Inject
    TimelineRepository timeline;

    @Inject
    MergeRepository merges;

    public TicketView merge(Caller caller, UUID id, UUID into) {
        if (id.equals(into)) {
            throw ProblemException.invalidField("into", Texts.of("merge.itself"));
        }
        return tx.call(c -> {
            // lock in id order, so two merges of the same pair never wait for each other
            TicketRow first = access.lock(c, id.compareTo(into) < 0 ? id : into);
            TicketRow second = access.lock(c, id.compareTo(into) < 0 ? into : id);
            TicketRow source = first.id().equals(id) ? first : second;
            TicketRow target = first.id().equals(id) ? second : first;
            access.requireHandler(caller, source);
            access.requireHandler(caller, target);
            if (!source.householdId().equals(target.householdId())) {
                throw ProblemException.conflict(Texts.of("merge.other-household"));
            }
            if (!source.isOpen() || !target.isOpen()) {
                throw ProblemException.conflict(Texts.of("merge.not-open"));
            }
            Instant now = changes.now();
            List<Long> moved = contacts.ids(c, source.id());
            merges.add(c, source.id(), target.id(), source.status(), source.contactsCount(), moved, caller.username(), now);
            contacts.move(c, moved, source.id(), target.id());
            TicketRow merged = TicketChanges.with(source, "merged", source.level(), source.levelCode(), source.claimedBy(),
                    source.firstResponseDue(), source.resolveDue(), source.firstResponseAt(), source.resolvedAt(),
                    source.resolution(), source.waitingSince(), source.pausedSeconds(), 0, target.id());
            TicketRow grown = TicketChanges.withContacts(target, target.contactsCount() + source.contactsCount());
            timeline.add(c, source.id(), "merged", source.level(), caller.username(), "merged into " + target.id() + " ("
                    + source.category() + " → " + target.category() + ", " + moved.size() + " contacts moved)", now);
            timeline.add(c, target.id(), "merged-in", target.level(), caller.username(), "ticket " + source.id() + " ("
                    + source.category() + ") merged in, " + moved.size() + " contacts", now);
            changes.save(c, merged);
            changes.save(c, grown);
            return views.masked(c, target.id());
        });
    }

    public TicketView unmerge(Caller caller, UUID id) {
        return tx.call(c -> {
            TicketRow peek = access.row(c, id);
            access.requireHandler(caller, peek);
            if (!"merged".equals(peek.status()) || peek.mergedInto() == null) {
                throw ProblemException.conflict(Texts.of("ticket.status", id, peek.status()));
            }
            UUID into = peek.mergedInto();
            TicketRow first = access.lock(c, id.compareTo(into) < 0 ? id : into);
            TicketRow second = access.lock(c, id.compareTo(into) < 0 ? into : id);
            TicketRow source = first.id().equals(id) ? first : second;
            TicketRow target = first.id().equals(id) ? second : first;
            MergeRepository.Merge merge = merges.active(c, id)
                    .orElseThrow(() -> ProblemException.conflict(Texts.of("ticket.status", id, "merged")));
            if (!"merged".equals(source.status())) {
                throw ProblemException.conflict(Texts.of("ticket.status", id, source.status()));
            }
            if (!"merged".equals(merge.previousStatus()) && tickets.lockOpen(c, source.householdId(), source.category())
                    .isPresent()) {
                throw ProblemException.conflict(Texts.of("unmerge.category-taken", source.category()));
            }
            Instant now = changes.now();
            int back = contacts.move(c, merge.contactIds(), target.id(), source.id());
            TicketRow restored = TicketChanges.with(source, merge.previousStatus(), source.level(), source.levelCode(),
                    source.claimedBy(), source.firstResponseDue(), source.resolveDue(), source.firstResponseAt(),
                    source.resolvedAt(), source.resolution(), source.waitingSince(), source.pausedSeconds(),
                    merge.previousCount() - (merge.contactIds().size() - back), null);
            TicketRow shrunk = TicketChanges.withContacts(target, target.contactsCount() - restored.contactsCount());
            merges.undo(c, merge.id(), caller.username(), now);
            timeline.add(c, source.id(), "unmerged", source.level(), caller.username(), "merge into " + target.id()
                    + " undone, " + back + " contacts back", now);
            timeline.add(c, target.id(), "unmerged", target.level(), caller.username(), "ticket " + source.id()
                    + " taken out again, " + back + " contacts back to it", now);
            changes.save(c, restored);
            changes.save(c, shrunk);
            return views.masked(c, source.id());
        });
    }

    public TicketView split(Caller caller, UUID id, List<Long> contactIds, String category) {
        return tx.call(c -> {
            TicketRow source = access.lock(c, id);
            access.requireHandler(caller, source);
            if (!source.isOpen()) {
                throw ProblemException.conflict(Texts.of("ticket.status", id, source.status()));
            }
            if (category.equals(source.category())) {
                throw ProblemException.invalidField("category", Texts.of("split.same-category"));
            }
            List<Long> own = contacts.ids(c, id);
            if (!own.containsAll(contactIds) || new HashSet<>(contactIds).size() >= own.size()) {
                throw ProblemException.invalidField("contactIds", Texts.of("split.contacts"));
            }
            List<Long> moving = List.copyOf(new HashSet<>(contactIds));
            TicketRow fresh = intake.newTicket(c, new Household(source.householdId(), source.householdCode(),
                    source.placePath()), new IntakeService.NewContact(category, source.urgency(), null, null, null,
                    caller.username()));
            fresh = TicketChanges.withContacts(fresh, moving.size());
            if (!tickets.insertIfNoneOpen(c, fresh)) {
                throw ProblemException.conflict(Texts.of("split.category-taken", category));
            }
            contacts.move(c, moving, id, fresh.id());
            Instant now = changes.now();
            TicketRow shrunk = TicketChanges.withContacts(source, source.contactsCount() - moving.size());
            timeline.add(c, id, "split", source.level(), caller.username(), moving.size() + " contacts split off to "
                    + fresh.id() + " (" + category + ")", now);
            timeline.add(c, fresh.id(), "opened", fresh.level(), caller.username(), "split off " + id + " ("
                    + source.category() + ") with " + moving.size() + " contacts", now);
            changes.save(c, shrunk);
            changes.schedule(c, fresh);
            changes.publishOpened(c, fresh, null, routing.open(c, fresh));
            return views.masked(c, fresh.id());
        });
    }

}
