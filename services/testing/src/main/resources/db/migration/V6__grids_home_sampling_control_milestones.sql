-- Issue 5, the rest: coverage per grid, door-to-door sampling, lifting control after negative
-- re-tests, coverage milestones.


-- Campaign rule: bedridden persons (flag "bedridden") are sampled at home (上门采样) instead of
-- coming to a site; they stay expected, and are listed as door-to-door tasks.
ALTER TABLE campaign ADD COLUMN home_sampling boolean NOT NULL DEFAULT true;

-- Households testing put under control in a campaign (a positive pooled tube), until every re-test
-- of theirs is negative; then they are cleared (HouseholdCleared.v1) and residents lifts the status.
CREATE TABLE household_control (
    campaign_id   uuid          NOT NULL REFERENCES campaign (id),
    household_id  uuid          NOT NULL,
    barcode       varchar(40)   NOT NULL,
    state         varchar(10)   NOT NULL CHECK (state IN ('controlled', 'cleared')),
    since         timestamptz   NOT NULL DEFAULT now(),
    cleared_at    timestamptz,
    PRIMARY KEY (campaign_id, household_id)
);
CREATE INDEX household_control_open ON household_control (household_id) WHERE state = 'controlled';

-- Coverage milestones of a campaign (50, 80, 90, 100 % of the expected persons tested), each
-- announced once (CoverageMilestoneReached.v1).
CREATE TABLE coverage_milestone (
    campaign_id  uuid          NOT NULL REFERENCES campaign (id),
    percent      smallint      NOT NULL,
    expected     int           NOT NULL,
    tested       int           NOT NULL,
    reached_at   timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, percent)
);

-- Whether a household still has a re-test due or a positive person: by household, not by scanning
-- the campaign.
CREATE INDEX person_state_household ON person_state (household_id, campaign_id);
