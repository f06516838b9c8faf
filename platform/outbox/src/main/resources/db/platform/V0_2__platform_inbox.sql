-- Events a service applied (one row each, so a redelivery changes nothing) and the ones it could not apply.
CREATE TABLE inbox (
    event_id    uuid          PRIMARY KEY,
    topic       varchar(200)  NOT NULL,
    applied_at  timestamptz   NOT NULL DEFAULT now()
);

CREATE TABLE inbox_parked (
    id             bigserial     PRIMARY KEY,
    topic          varchar(200)  NOT NULL,
    partition_no   int           NOT NULL,
    record_offset  bigint        NOT NULL,
    event_key      varchar(200),
    payload        text          NOT NULL,
    reason         text          NOT NULL,
    parked_at      timestamptz   NOT NULL DEFAULT now()
);
