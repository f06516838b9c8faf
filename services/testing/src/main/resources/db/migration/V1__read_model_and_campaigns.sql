-- Testing v1: the local read model of residents' places and households (ARCHITECTURE.md rule 3),
-- the inbox and outbox, and campaigns.

-- Places as residents announces them (lifeline.residents.place.v1): enough to resolve a caller's
-- area codes into path prefixes and to name buildings in coverage.
CREATE TABLE place_rm (
    code        varchar(64)  PRIMARY KEY,
    name        varchar(200) NOT NULL,
    level       varchar(16)  NOT NULL,
    parent_code varchar(64),
    path        text         NOT NULL
);
CREATE INDEX place_rm_path ON place_rm (path text_pattern_ops);

-- Households as residents announces them (lifeline.residents.household.v1, whole state per event):
-- kept only if newer (version) than what is here, so out-of-order or repeated events change nothing.
CREATE TABLE household_rm (
    id          uuid         PRIMARY KEY,
    code        varchar(80)  NOT NULL,
    unit_code   varchar(64)  NOT NULL,
    room        varchar(16)  NOT NULL,
    place_path  text         NOT NULL,
    status      varchar(16)  NOT NULL,
    version     bigint       NOT NULL,
    updated_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX household_rm_path ON household_rm (place_path text_pattern_ops, room);

CREATE TABLE person_rm (
    id            uuid         PRIMARY KEY,
    household_id  uuid         NOT NULL REFERENCES household_rm (id) ON DELETE CASCADE,
    name          varchar(100) NOT NULL,
    birth_date    date         NOT NULL,
    relation      varchar(20)  NOT NULL,
    flags         text[]       NOT NULL DEFAULT '{}',
    -- place in the household as residents lists it (householder first, then in registration order)
    position      smallint     NOT NULL,
    -- the CloudEvent time of the household event this row comes from (see ResidentsReadModel)
    seen_at       timestamptz  NOT NULL
);
CREATE INDEX person_rm_household ON person_rm (household_id);



-- A testing round (核酸检测轮次) over an area on a date, with its exemption rules.
CREATE TABLE campaign (
    id                     uuid          PRIMARY KEY,
    area_code              varchar(64)   NOT NULL,
    area_path              text          NOT NULL,
    title                  varchar(200)  NOT NULL,
    test_date              date          NOT NULL,
    pool_size              smallint      NOT NULL CHECK (pool_size BETWEEN 1 AND 20),
    exempt_under_months    smallint      NOT NULL CHECK (exempt_under_months BETWEEN 0 AND 72),
    status                 varchar(10)   NOT NULL CHECK (status IN ('open', 'closed')),
    created_by             varchar(200)  NOT NULL,
    created_at             timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX campaign_area ON campaign (area_path text_pattern_ops, test_date DESC);
