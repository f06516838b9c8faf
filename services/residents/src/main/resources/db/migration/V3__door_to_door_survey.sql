-- Door-to-door survey (敲门行动): rounds over an area, visits per household. A household visited
-- twice keeps both visits; the latest one is the current fact.
CREATE TABLE survey_round (
    id          uuid         PRIMARY KEY,
    area_code   varchar(64)  NOT NULL REFERENCES place (code),
    area_path   text         NOT NULL,
    title       varchar(200) NOT NULL,
    due_at      timestamptz  NOT NULL,
    created_by  varchar(200) NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    closed_at   timestamptz
);
CREATE INDEX survey_round_area ON survey_round (area_path text_pattern_ops);

CREATE TABLE survey_visit (
    id                  bigserial     PRIMARY KEY,
    round_id            uuid          NOT NULL REFERENCES survey_round (id),
    household_id        uuid          NOT NULL REFERENCES household (id),
    visited             boolean       NOT NULL,
    not_visited_reason  varchar(20)   CHECK (not_visited_reason IN ('nobody-home', 'refused', 'other')),
    present_person_ids  text,
    contact_phone       varchar(20),
    symptoms            text,
    special_needs       text,
    supplies_needs      varchar(1000),
    recorded_by         varchar(200)  NOT NULL,
    recorded_at         timestamptz   NOT NULL DEFAULT now(),
    CHECK (visited OR not_visited_reason IS NOT NULL)
);
CREATE INDEX survey_visit_latest ON survey_visit (round_id, household_id, id DESC);
CREATE INDEX survey_visit_household ON survey_visit (household_id, id DESC);
