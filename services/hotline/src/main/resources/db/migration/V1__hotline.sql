-- Hotline v1: tickets (工单) with their contacts, timeline, callbacks and follow-up, the audit of reads of
-- ticket text, inbound webhook messages (matched or kept unmatched), and the small read models the signals need
-- (area modes from co-governance, order -> household from supplies). Residents' places and households are the
-- platform's read model (Flyway locations db/readmodel-places, db/readmodel-households).

-- One household's need. At most one open (open or waiting) ticket per household and category: the partial unique
-- index below is what makes a second contact land on the first ticket, also under concurrency
-- (INSERT ... ON CONFLICT). Ticket text can hold health details: it is in ticket_contact, shown masked unless
-- revealed, and each reveal is written to ticket_text_access.
CREATE TABLE ticket (
    id                  uuid          PRIMARY KEY,
    household_id        uuid          NOT NULL,
    household_code      varchar(81)   NOT NULL,
    place_path          text          NOT NULL,
    category            varchar(32)   NOT NULL CHECK (category IN ('supplies', 'medical', 'testing', 'care', 'housing-utilities', 'other')),
    urgency             varchar(16)   NOT NULL CHECK (urgency IN ('life-safety', 'utilities', 'general', 'complex')),
    status              varchar(16)   NOT NULL CHECK (status IN ('open', 'waiting', 'resolved', 'closed', 'merged')),
    -- the owner: community, street, district or city, and that place's code
    level               varchar(16)   NOT NULL CHECK (level IN ('community', 'street', 'district', 'city')),
    level_code          varchar(64)   NOT NULL,
    claimed_by          varchar(200),
    opened_by           varchar(200)  NOT NULL,
    opened_at           timestamptz   NOT NULL,
    first_response_due  timestamptz   NOT NULL,
    resolve_due         timestamptz   NOT NULL,
    first_response_at   timestamptz,
    responded_on_time   boolean,
    resolved_at         timestamptz,
    resolved_on_time    boolean,
    resolution          varchar(2000),
    -- the clock pauses while the ticket waits on the resident: since when, and the total paused so far
    waiting_since       timestamptz,
    paused_seconds      bigint        NOT NULL DEFAULT 0,
    contacts_count      integer       NOT NULL DEFAULT 0,
    merged_into         uuid          REFERENCES ticket (id),
    emergency           boolean       NOT NULL DEFAULT false,
    updated_at          timestamptz   NOT NULL
);
CREATE UNIQUE INDEX ticket_one_open ON ticket (household_id, category) WHERE status IN ('open', 'waiting');
CREATE INDEX ticket_queue ON ticket (place_path text_pattern_ops, resolve_due) WHERE status IN ('open', 'waiting');
CREATE INDEX ticket_household ON ticket (household_id, opened_at DESC);
CREATE INDEX ticket_owner ON ticket (level_code);

-- One call, message, visit or signal about a ticket's need. ticket_id is where it stands now (a merge or split
-- moves it); opened_on is the ticket it first came to.
CREATE TABLE ticket_contact (
    id            bigserial     PRIMARY KEY,
    ticket_id     uuid          NOT NULL REFERENCES ticket (id),
    opened_on     uuid          NOT NULL REFERENCES ticket (id),
    channel       varchar(16)   NOT NULL CHECK (channel IN ('phone-12345', 'phone-community', 'phone-street', 'portal', 'sms', 'wechat', 'survey', 'signal')),
    at            timestamptz   NOT NULL,
    text          varchar(4000) NOT NULL,
    caller_phone  varchar(32),
    recorded_by   varchar(200)  NOT NULL
);
CREATE INDEX ticket_contact_ticket ON ticket_contact (ticket_id, id);

-- Every step of a ticket, in order (no ticket text in it: notes are the staff's own words).
CREATE TABLE ticket_timeline (
    id         bigserial     PRIMARY KEY,
    ticket_id  uuid          NOT NULL REFERENCES ticket (id),
    at         timestamptz   NOT NULL,
    kind       varchar(32)   NOT NULL,
    level      varchar(16),
    actor      varchar(200)  NOT NULL,
    note       varchar(1000)
);
CREATE INDEX ticket_timeline_ticket ON ticket_timeline (ticket_id, id);

-- A promised callback (回拨) with its deadline; the owner's place when it was promised decides whose queue it is in.
CREATE TABLE callback (
    id            uuid          PRIMARY KEY,
    ticket_id     uuid          NOT NULL REFERENCES ticket (id),
    due_at        timestamptz   NOT NULL,
    note          varchar(500),
    status        varchar(16)   NOT NULL CHECK (status IN ('scheduled', 'done', 'missed')),
    place_path    text          NOT NULL,
    scheduled_by  varchar(200)  NOT NULL,
    scheduled_at  timestamptz   NOT NULL,
    done_by       varchar(200),
    done_at       timestamptz
);
CREATE INDEX callback_queue ON callback (place_path text_pattern_ops, due_at) WHERE status = 'scheduled';
CREATE INDEX callback_ticket ON callback (ticket_id);

-- The follow-up call (回访) after resolution, with the resident's rating.
CREATE TABLE follow_up (
    ticket_id    uuid          PRIMARY KEY REFERENCES ticket (id),
    rating       smallint      NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment      varchar(1000),
    recorded_by  varchar(200)  NOT NULL,
    at           timestamptz   NOT NULL
);

-- A merge, kept so that it can be undone exactly: what the merged ticket was before, and which contacts moved.
CREATE TABLE ticket_merge (
    id                 bigserial     PRIMARY KEY,
    ticket_id          uuid          NOT NULL REFERENCES ticket (id),
    into_id            uuid          NOT NULL REFERENCES ticket (id),
    previous_status    varchar(16)   NOT NULL,
    previous_count     integer       NOT NULL,
    contact_ids        bigint[]      NOT NULL,
    merged_by          varchar(200)  NOT NULL,
    merged_at          timestamptz   NOT NULL,
    undone_by          varchar(200),
    undone_at          timestamptz
);
CREATE UNIQUE INDEX ticket_merge_active ON ticket_merge (ticket_id) WHERE undone_at IS NULL;

-- Every read of ticket text (ARCHITECTURE.md rule 5). Append-only: the database refuses updates and deletes.
CREATE TABLE ticket_text_access (
    id               bigserial     PRIMARY KEY,
    accessed_at      timestamptz   NOT NULL DEFAULT now(),
    actor_subject    varchar(100)  NOT NULL,
    actor_username   varchar(200),
    actor_roles      varchar(500)  NOT NULL,
    ticket_id        uuid          NOT NULL,
    household_id     uuid          NOT NULL,
    purpose          varchar(500)  NOT NULL,
    http_request_id  varchar(128)
);
CREATE INDEX ticket_text_access_ticket ON ticket_text_access (ticket_id, id);

CREATE FUNCTION refuse_ticket_text_access_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ticket_text_access is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ticket_text_access_append_only
    BEFORE UPDATE OR DELETE ON ticket_text_access
    FOR EACH ROW EXECUTE FUNCTION refuse_ticket_text_access_change();

-- SMS / WeChat messages from the gateway's webhook, one row per messageId (a repeat is a no-op). Matched to a
-- household by phone: the ticket it went to; else kept as unmatched for operators, never dropped.
CREATE TABLE inbound_message (
    message_id   varchar(200)  PRIMARY KEY,
    channel      varchar(16)   NOT NULL CHECK (channel IN ('sms', 'wechat')),
    from_phone   varchar(64)   NOT NULL,
    text         varchar(4000) NOT NULL,
    category     varchar(32),
    received_at  timestamptz   NOT NULL,
    status       varchar(16)   NOT NULL CHECK (status IN ('matched', 'unmatched', 'assigned')),
    reason       varchar(200),
    ticket_id    uuid          REFERENCES ticket (id)
);
CREATE INDEX inbound_message_unmatched ON inbound_message (received_at) WHERE status = 'unmatched';

-- Areas in emergency mode, from co-governance's AreaModeChanged (its version orders the changes of one area).
CREATE TABLE area_mode (
    area_code  varchar(64)  PRIMARY KEY,
    area_path  text         NOT NULL,
    mode       varchar(16)  NOT NULL,
    version    bigint       NOT NULL
);

-- Which household an order is for, from supplies' OrderPlaced: a TaskOverdue of a supplies delivery names the order.
CREATE TABLE order_household (
    order_id      uuid  PRIMARY KEY,
    household_id  uuid  NOT NULL
);
