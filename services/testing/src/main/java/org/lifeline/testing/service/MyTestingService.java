package org.lifeline.testing.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.testing.api.CampaignApi.Campaign;
import org.lifeline.testing.api.SiteApi.MyCampaign;
import org.lifeline.testing.api.SiteApi.MyMember;
import org.lifeline.testing.api.SiteApi.MyTesting;
import org.lifeline.testing.model.Buildings;
import org.lifeline.testing.model.HouseholdPlace;
import org.lifeline.testing.repository.CampaignRepository;
import org.lifeline.testing.repository.HouseholdRepository;
import org.lifeline.testing.repository.SiteRepository;

import java.util.ArrayList;
import java.util.List;

/** A resident's own testing: their household in the open campaigns, their building's slot, each member's code. */
@ApplicationScoped
public class MyTestingService {

    @Inject
    Transactions tx;

    @Inject
    CheckInCodes codes;

    @Inject
    HouseholdRepository households;

    @Inject
    CampaignRepository campaigns;

    @Inject
    SiteRepository sites;

    /** The resident's household in the open campaigns covering it: slot, each member's state and check-in code. */
    public MyTesting mine(Caller caller) {
        if (caller.household() == null) {
            throw ProblemException.notFound("Household", "(none in your token)");
        }
        return tx.read(c -> {
            HouseholdPlace household = households.findByCode(c, caller.household())
                    .orElseThrow(() -> ProblemException.notFound("Household", caller.household()));
            String building = Buildings.of(household.placePath());
            List<MyCampaign> result = new ArrayList<>();
            for (Campaign campaign : campaigns.openCovering(c, household.placePath())) {
                List<MyMember> members = new ArrayList<>();
                for (HouseholdRepository.CampaignMember m : households.membersIn(c, campaign.id(), household.id())) {
                    members.add(new MyMember(m.personId(), m.name(), m.state(), codes.code(campaign.id(), m.personId()),
                            campaign.homeSampling() && m.bedridden()));
                }
                result.add(new MyCampaign(campaign.id(), campaign.title(), campaign.testDate(),
                        sites.slotOf(c, campaign.id(), building), members));
            }
            return new MyTesting(household.id(), caller.household(), result);
        });
    }
}
