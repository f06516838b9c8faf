-- Co-governance v1: places read model, inbox/outbox, passes, task board, area modes, volunteers, partners.



-- Essential-worker passes (通行证): the signed token is given out once; here what is needed to list and revoke.
CREATE TABLE pass (
    id            uuid          PRIMARY KEY,
    holder_name   varchar(100)  NOT NULL,
    holder_kind   varchar(20)   NOT NULL CHECK (holder_kind IN ('volunteer', 'partner-staff', 'medical-transport', 'staff')),
    holder_ref    varchar(200),
    area_codes    text[]        NOT NULL,
    area_paths    text[]        NOT NULL,
    valid_from    timestamptz   NOT NULL,
    valid_until   timestamptz   NOT NULL CHECK (valid_until > valid_from),
    key_id        varchar(100)  NOT NULL,
    issued_by     varchar(200)  NOT NULL,
    issued_at     timestamptz   NOT NULL DEFAULT now(),
    revoked_at    timestamptz,
    revoked_by    varchar(200),
    revoke_reason varchar(500)
);
CREATE INDEX pass_revoked ON pass (revoked_at) WHERE revoked_at IS NOT NULL;

-- Volunteers (社区志愿者): one per Keycloak subject, vetted by community staff.
CREATE TABLE volunteer (
    id              uuid          PRIMARY KEY,
    subject         varchar(200)  NOT NULL UNIQUE,
    username        varchar(200)  NOT NULL,
    name            varchar(100)  NOT NULL,
    phone           varchar(20)   NOT NULL,
    skills          text[]        NOT NULL,
    availability    varchar(500)  NOT NULL,
    home_area_code  varchar(64)   NOT NULL,
    home_area_path  text          NOT NULL,
    status          varchar(10)   NOT NULL CHECK (status IN ('pending', 'vetted', 'rejected')),
    vetted_by       varchar(200),
    vetted_at       timestamptz,
    vetting_note    varchar(500),
    registered_at   timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX volunteer_area ON volunteer (home_area_path text_pattern_ops) WHERE status = 'vetted';

-- Task board: posted by staff or arriving as events (source + source_ref unique: a redelivery adds nothing).
CREATE TABLE task (
    id             uuid          PRIMARY KEY,
    kind           varchar(30)   NOT NULL,
    title          varchar(200)  NOT NULL,
    detail         varchar(2000),
    area_path      text          NOT NULL,
    source         varchar(40)   NOT NULL,
    source_ref     varchar(200),
    deadline       timestamptz   NOT NULL,
    status         varchar(12)   NOT NULL CHECK (status IN ('open', 'claimed', 'in-progress', 'done', 'cancelled')),
    claimed_by     varchar(200),
    claimed_name   varchar(200),
    claimed_at     timestamptz,
    completed_at   timestamptz,
    hours          numeric(5,2),
    flagged_at     timestamptz,
    posted_by      varchar(200)  NOT NULL,
    created_at     timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (source, source_ref)
);
CREATE INDEX task_area ON task (area_path text_pattern_ops, status);
CREATE INDEX task_open_deadline ON task (deadline) WHERE status = 'open';
CREATE INDEX task_claimant ON task (claimed_by);

CREATE TABLE task_report (
    id          bigserial     PRIMARY KEY,
    task_id     uuid          NOT NULL REFERENCES task (id),
    kind        varchar(12)   NOT NULL CHECK (kind IN ('progress', 'completion')),
    note        varchar(2000) NOT NULL,
    evidence    text[]        NOT NULL DEFAULT '{}',
    reported_by varchar(200)  NOT NULL,
    reported_at timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX task_report_task ON task_report (task_id, id);

-- Emergency mode per area (normal -> emergency -> recovery -> normal), with its history.
CREATE TABLE area_mode (
    area_code   varchar(64)   PRIMARY KEY,
    area_path   text          NOT NULL,
    mode        varchar(10)   NOT NULL CHECK (mode IN ('normal', 'emergency', 'recovery')),
    reason      varchar(500)  NOT NULL,
    changed_by  varchar(200)  NOT NULL,
    changed_at  timestamptz   NOT NULL,
    version     bigint        NOT NULL
);
CREATE TABLE area_mode_change (
    id          bigserial     PRIMARY KEY,
    area_code   varchar(64)   NOT NULL,
    from_mode   varchar(10)   NOT NULL,
    to_mode     varchar(10)   NOT NULL,
    reason      varchar(500)  NOT NULL,
    changed_by  varchar(200)  NOT NULL,
    changed_at  timestamptz   NOT NULL
);
CREATE INDEX area_mode_change_area ON area_mode_change (area_code, id);

-- Notifications to volunteers and partners (entering emergency); delivery channels read them.
CREATE TABLE notification (
    id            bigserial     PRIMARY KEY,
    recipient     varchar(200)  NOT NULL,
    recipient_kind varchar(10)  NOT NULL CHECK (recipient_kind IN ('volunteer', 'partner')),
    topic         varchar(40)   NOT NULL,
    area_code     varchar(64)   NOT NULL,
    message       varchar(1000) NOT NULL,
    created_at    timestamptz   NOT NULL DEFAULT now(),
    read_at       timestamptz
);
CREATE INDEX notification_recipient ON notification (recipient, id DESC);

-- Partner enterprises and their Keycloak client.
CREATE TABLE partner (
    id             uuid          PRIMARY KEY,
    name           varchar(200)  NOT NULL,
    kind           varchar(10)   NOT NULL CHECK (kind IN ('merchant', 'lab', 'logistics')),
    contact_name   varchar(100)  NOT NULL,
    contact_phone  varchar(20)   NOT NULL,
    area_codes     text[]        NOT NULL,
    area_paths     text[]        NOT NULL,
    status         varchar(10)   NOT NULL CHECK (status IN ('applied', 'approved', 'rejected', 'suspended')),
    client_id      varchar(100)  UNIQUE,
    applied_by     varchar(200)  NOT NULL,
    applied_at     timestamptz   NOT NULL DEFAULT now(),
    decided_by     varchar(200),
    decided_at     timestamptz,
    note           varchar(500)
);
