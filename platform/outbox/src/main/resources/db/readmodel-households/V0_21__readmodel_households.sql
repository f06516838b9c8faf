-- A service's copy of residents' households and (if it keeps them) their persons
-- (org.lifeline.platform.readmodel.ResidentsReadModel), Flyway location classpath:db/readmodel-households.
CREATE TABLE household_rm (
    id          uuid         PRIMARY KEY,
    code        varchar(81)  NOT NULL,
    unit_code   varchar(64)  NOT NULL,
    room        varchar(16)  NOT NULL,
    place_path  text         NOT NULL,
    status      varchar(16)  NOT NULL,
    version     bigint       NOT NULL,
    grid_code   varchar(64),
    updated_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX household_rm_path ON household_rm (place_path text_pattern_ops, room);
CREATE INDEX household_rm_code ON household_rm (code);

CREATE TABLE person_rm (
    id            uuid         PRIMARY KEY,
    household_id  uuid         NOT NULL REFERENCES household_rm (id) ON DELETE CASCADE,
    name          varchar(100) NOT NULL,
    birth_date    date         NOT NULL,
    relation      varchar(20)  NOT NULL,
    flags         text[]       NOT NULL DEFAULT '{}',
    -- place in the household as residents lists it (householder first, then in registration order)
    position      smallint     NOT NULL,
    -- the CloudEvent time of the household event this row comes from
    seen_at       timestamptz  NOT NULL,
    place_path    text         NOT NULL,
    grid_code     varchar(64)
);
CREATE INDEX person_rm_household ON person_rm (household_id);
CREATE INDEX person_rm_path ON person_rm (place_path text_pattern_ops);
