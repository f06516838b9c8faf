-- Hospitals in the loop (issue 21): a hospital has a code its staff carry in their token (claim hospital), each
-- hospital a request is sent to is an offer the hospital accepts or refuses, a refusal reassigns the request at once,
-- a patient at the door must be admitted within a time per severity, and each community orders its hospitals.

ALTER TABLE hospital ADD COLUMN code varchar(64);
UPDATE hospital SET code = 'H-' || left(id::text, 8) WHERE code IS NULL;
ALTER TABLE hospital ALTER COLUMN code SET NOT NULL;
ALTER TABLE hospital ADD CONSTRAINT hospital_code_unique UNIQUE (code);

-- Each hospital a request was sent to, in order: offered (waiting for the hospital), accepted, refused (with a
-- reason from the list; violation when the reason may not be given for this patient), arrived (at the door),
-- admitted, or withdrawn (the request was cancelled or assigned elsewhere by staff). At most one open offer per
-- request (offered, accepted or arrived).
CREATE TABLE hospital_offer (
    id             bigserial     PRIMARY KEY,
    request_id     uuid          NOT NULL REFERENCES medical_request (id),
    hospital_id    uuid          NOT NULL REFERENCES hospital (id),
    department_id  uuid          NOT NULL REFERENCES department (id),
    state          varchar(16)   NOT NULL CHECK (state IN ('offered', 'accepted', 'refused', 'arrived', 'admitted', 'withdrawn')),
    reason         varchar(32)   CHECK (reason IN ('no-bed', 'no-department', 'infection-control', 'no-pcr-result', 'other')),
    note           varchar(500),
    violation      boolean       NOT NULL DEFAULT false,
    offered_by     varchar(200)  NOT NULL,
    offered_at     timestamptz   NOT NULL,
    answered_by    varchar(200),
    answered_at    timestamptz,
    arrived_at     timestamptz,
    admitted_at    timestamptz,
    CHECK ((state = 'refused') = (reason IS NOT NULL))
);
CREATE UNIQUE INDEX hospital_offer_open ON hospital_offer (request_id) WHERE state IN ('offered', 'accepted', 'arrived');
CREATE INDEX hospital_offer_hospital ON hospital_offer (hospital_id, state, offered_at DESC);
CREATE INDEX hospital_offer_request ON hospital_offer (request_id, id);

-- The order in which a community's requests go to hospitals (1 first); hospitals without a rank come after, the one
-- with the most free places first.
CREATE TABLE hospital_preference (
    community_code  varchar(64)  NOT NULL,
    hospital_id     uuid         NOT NULL REFERENCES hospital (id),
    rank            integer      NOT NULL CHECK (rank >= 1),
    set_by          varchar(200) NOT NULL,
    PRIMARY KEY (community_code, hospital_id)
);

-- Escalations caused by hospitals: two refusals (or none left to ask), a patient not admitted at the door in time.
ALTER TABLE escalation DROP CONSTRAINT escalation_kind_check;
ALTER TABLE escalation ADD CONSTRAINT escalation_kind_check CHECK (kind IN ('automatic', 'whistle', 'refusal', 'door'));
