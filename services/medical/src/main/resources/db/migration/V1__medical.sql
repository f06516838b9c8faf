-- Medical v1: read model of residents' places and households and of positive test results,
-- inbox/outbox, urgent requests with their deadlines, escalations, notifications and timeline,
-- hospitals with capacity, and the audit of reads of medical details.



-- Positive persons as testing announces them (TestResultRecorded.v1): their households' requests
-- are flagged for infection control.
CREATE TABLE infection_flag (
    person_id     uuid         PRIMARY KEY,
    household_id  uuid         NOT NULL,
    barcode       varchar(64),
    flagged_at    timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX infection_flag_household ON infection_flag (household_id);



-- An urgent medical request (紧急就医需求). Medical details (description, answers, contact) are shown
-- only to those allowed, each read audited in medical_detail_access.
CREATE TABLE medical_request (
    id                 uuid          PRIMARY KEY,
    household_id       uuid          NOT NULL,
    household_code     varchar(80)   NOT NULL,
    place_path         text          NOT NULL,
    category           varchar(32)   NOT NULL,
    severity           varchar(16)   NOT NULL CHECK (severity IN ('critical', 'urgent', 'standard')),
    description        varchar(2000) NOT NULL,
    answers            jsonb         NOT NULL DEFAULT '{}',
    contact_name       varchar(100)  NOT NULL,
    contact_phone      varchar(20)   NOT NULL,
    status             varchar(16)   NOT NULL CHECK (status IN ('raised', 'acknowledged', 'assigned', 'en_route', 'resolved', 'cancelled')),
    -- who handles it now: community, street, district or city, and that place's code
    level              varchar(16)   NOT NULL CHECK (level IN ('community', 'street', 'district', 'city')),
    level_code         varchar(64)   NOT NULL,
    infection_control  boolean       NOT NULL DEFAULT false,
    raised_by          varchar(200)  NOT NULL,
    raised_by_subject  varchar(100)  NOT NULL,
    idempotency_key    varchar(200),
    request_hash       varchar(64),
    raised_at          timestamptz   NOT NULL DEFAULT now(),
    updated_at         timestamptz   NOT NULL DEFAULT now(),
    outcome            varchar(500),
    UNIQUE (raised_by_subject, idempotency_key)
);
CREATE INDEX medical_request_path ON medical_request (place_path text_pattern_ops, raised_at DESC);
CREATE INDEX medical_request_household ON medical_request (household_id, raised_at DESC);

-- One deadline per stage and level: pending until met, escalated, or exhausted (passed at city level).
-- The engine claims passed pending ones with FOR UPDATE SKIP LOCKED (see EscalationEngine).
CREATE TABLE request_deadline (
    id          bigserial    PRIMARY KEY,
    request_id  uuid         NOT NULL REFERENCES medical_request (id),
    stage       varchar(16)  NOT NULL CHECK (stage IN ('acknowledged', 'assigned', 'en_route', 'resolved')),
    level       varchar(16)  NOT NULL,
    due_at      timestamptz  NOT NULL,
    state       varchar(16)  NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'met', 'escalated', 'exhausted', 'cancelled')),
    closed_at   timestamptz
);
CREATE INDEX request_deadline_due ON request_deadline (due_at) WHERE state = 'pending';
CREATE INDEX request_deadline_request ON request_deadline (request_id);

-- Each escalation: automatic (one per passed deadline, enforced by the unique deadline_id) or a whistle.
CREATE TABLE escalation (
    id           bigserial    PRIMARY KEY,
    request_id   uuid         NOT NULL REFERENCES medical_request (id),
    deadline_id  bigint       UNIQUE REFERENCES request_deadline (id),
    kind         varchar(16)  NOT NULL CHECK (kind IN ('automatic', 'whistle')),
    stage        varchar(16),
    from_level   varchar(16)  NOT NULL,
    to_level     varchar(16)  NOT NULL,
    to_code      varchar(64)  NOT NULL,
    reason       varchar(500),
    actor        varchar(200) NOT NULL,
    -- the deadline it answers (automatic), to measure the delay
    due_at       timestamptz,
    escalated_at timestamptz  NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX escalation_request ON escalation (request_id, id);

-- One notification per level reached (raised: the community; each escalation: the new level).
CREATE TABLE notification (
    id              bigserial    PRIMARY KEY,
    request_id      uuid         NOT NULL REFERENCES medical_request (id),
    escalation_id   bigint       UNIQUE REFERENCES escalation (id),
    level           varchar(16)  NOT NULL,
    place_code      varchar(64)  NOT NULL,
    place_path      text         NOT NULL,
    audience        varchar(200) NOT NULL,
    message         varchar(500) NOT NULL,
    webhook_status  varchar(16)  NOT NULL DEFAULT 'none' CHECK (webhook_status IN ('none', 'pending', 'sent', 'failed')),
    created_at      timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX notification_path ON notification (place_path text_pattern_ops, id DESC);
CREATE INDEX notification_request ON notification (request_id, id);

-- What happened to a request, in order; the resident sees all of it (no medical details in it).
CREATE TABLE timeline_entry (
    id          bigserial    PRIMARY KEY,
    request_id  uuid         NOT NULL REFERENCES medical_request (id),
    at          timestamptz  NOT NULL DEFAULT clock_timestamp(),
    kind        varchar(32)  NOT NULL,
    level       varchar(16),
    actor       varchar(200) NOT NULL,
    note        varchar(500)
);
CREATE INDEX timeline_entry_request ON timeline_entry (request_id, id);

-- Hospitals and their departments with capacity, kept by health officers.
CREATE TABLE hospital (
    id          uuid          PRIMARY KEY,
    name        varchar(200)  NOT NULL,
    area_code   varchar(64)   NOT NULL,
    area_path   text          NOT NULL,
    created_by  varchar(200)  NOT NULL,
    created_at  timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX hospital_area ON hospital (area_path text_pattern_ops);

CREATE TABLE department (
    id           uuid         PRIMARY KEY,
    hospital_id  uuid         NOT NULL REFERENCES hospital (id),
    kind         varchar(32)  NOT NULL,
    capacity     integer      NOT NULL CHECK (capacity >= 0),
    reserved     integer      NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    CHECK (reserved <= capacity),
    UNIQUE (hospital_id, kind)
);

-- A request's hospital department (one reserved place) and transport.
CREATE TABLE assignment (
    request_id      uuid          PRIMARY KEY REFERENCES medical_request (id),
    department_id   uuid          NOT NULL REFERENCES department (id),
    transport_kind  varchar(32)   NOT NULL,
    vehicle         varchar(64)   NOT NULL,
    assigned_by     varchar(200)  NOT NULL,
    assigned_at     timestamptz   NOT NULL DEFAULT now(),
    released_at     timestamptz
);

-- Every read of a request's medical details (ARCHITECTURE.md rule 5). Append-only: the API has no
-- way to change it, and the database refuses updates and deletes.
CREATE TABLE medical_detail_access (
    id              bigserial    PRIMARY KEY,
    accessed_at     timestamptz  NOT NULL DEFAULT now(),
    actor_subject   varchar(100) NOT NULL,
    actor_username  varchar(200),
    actor_roles     varchar(500) NOT NULL,
    request_id      uuid         NOT NULL,
    household_id    uuid         NOT NULL,
    fields          varchar(200) NOT NULL,
    purpose         varchar(500) NOT NULL,
    http_request_id varchar(128)
);
CREATE INDEX medical_detail_access_request ON medical_detail_access (request_id, id);

CREATE FUNCTION refuse_audit_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'medical_detail_access is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER medical_detail_access_append_only
    BEFORE UPDATE OR DELETE ON medical_detail_access
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
