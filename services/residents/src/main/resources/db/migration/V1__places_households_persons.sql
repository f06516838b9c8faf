-- Residents v1: places, households, persons, status history, personal-data audit, outbox.

-- Places: city > district > street > community > compound > building > unit.
-- path is the chain of codes from the city, '/'-separated with a trailing '/', so "everything under
-- this place" is one indexed prefix query: path LIKE '/6101/610113/%'.
CREATE TABLE place (
    code        varchar(64)  PRIMARY KEY,
    name        varchar(200) NOT NULL,
    level       varchar(16)  NOT NULL CHECK (level IN ('city','district','street','community','compound','building','unit')),
    parent_code varchar(64)  REFERENCES place (code),
    path        text         NOT NULL UNIQUE,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    CHECK ((level = 'city') = (parent_code IS NULL))
);
CREATE INDEX place_parent ON place (parent_code);
CREATE INDEX place_path_prefix ON place (path text_pattern_ops);

CREATE TABLE household (
    id             uuid         PRIMARY KEY,
    code           varchar(80)  NOT NULL UNIQUE,
    unit_code      varchar(64)  NOT NULL REFERENCES place (code),
    room           varchar(16)  NOT NULL,
    place_path     text         NOT NULL,
    status         varchar(16)  NOT NULL DEFAULT 'normal' CHECK (status IN ('normal','precaution','controlled','sealed')),
    status_reason  varchar(500),
    status_source  varchar(200),
    status_since   timestamptz  NOT NULL DEFAULT now(),
    status_until   timestamptz,
    version        integer      NOT NULL DEFAULT 0,
    created_at     timestamptz  NOT NULL DEFAULT now(),
    updated_at     timestamptz  NOT NULL DEFAULT now(),
    UNIQUE (unit_code, room)
);
CREATE INDEX household_path_prefix ON household (place_path text_pattern_ops);
CREATE INDEX household_status ON household (status) WHERE status <> 'normal';

CREATE TABLE household_status_change (
    id            bigserial    PRIMARY KEY,
    household_id  uuid         NOT NULL REFERENCES household (id),
    status        varchar(16)  NOT NULL,
    reason        varchar(500),
    source        varchar(200) NOT NULL,
    changed_by    varchar(200),
    started_at    timestamptz  NOT NULL,
    until         timestamptz,
    recorded_at   timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX household_status_change_household ON household_status_change (household_id, id);

CREATE TABLE person (
    id            uuid         PRIMARY KEY,
    household_id  uuid         NOT NULL REFERENCES household (id),
    name          varchar(100) NOT NULL,
    id_number     varchar(18)  NOT NULL UNIQUE,
    phone         varchar(20),
    birth_date    date         NOT NULL,
    relation      varchar(20)  NOT NULL,
    version       integer      NOT NULL DEFAULT 0,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX person_household ON person (household_id);

CREATE TABLE person_flag (
    person_id  uuid        NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    flag       varchar(32) NOT NULL,
    PRIMARY KEY (person_id, flag)
);
CREATE INDEX person_flag_flag ON person_flag (flag);

-- Every read of unmasked personal data (ARCHITECTURE.md rule 5). Append-only: the API has no way
-- to change it, and the database refuses updates and deletes.
CREATE TABLE personal_data_access (
    id              bigserial    PRIMARY KEY,
    accessed_at     timestamptz  NOT NULL DEFAULT now(),
    actor_subject   varchar(100) NOT NULL,
    actor_username  varchar(200),
    actor_roles     varchar(500) NOT NULL,
    person_id       uuid         NOT NULL,
    household_id    uuid         NOT NULL,
    fields          varchar(200) NOT NULL,
    purpose         varchar(500) NOT NULL,
    request_id      varchar(128)
);
CREATE INDEX personal_data_access_person ON personal_data_access (person_id, id);

CREATE FUNCTION refuse_audit_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'personal_data_access is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER personal_data_access_append_only
    BEFORE UPDATE OR DELETE ON personal_data_access
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();

