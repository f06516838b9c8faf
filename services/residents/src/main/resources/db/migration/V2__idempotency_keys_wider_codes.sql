-- Idempotency-Key (ARCHITECTURE.md rule 6): the first response to a (caller, key) is kept for a
-- while and replayed to retries of the same request.
CREATE TABLE idempotency_key (
    caller            varchar(200) NOT NULL,
    idem_key          varchar(255) NOT NULL,
    request_hash      varchar(64)  NOT NULL,
    state             varchar(12)  NOT NULL CHECK (state IN ('processing', 'done')),
    response_status   integer,
    response_location text,
    response_body     text,
    created_at        timestamptz  NOT NULL DEFAULT now(),
    expires_at        timestamptz  NOT NULL,
    PRIMARY KEY (caller, idem_key)
);
CREATE INDEX idempotency_key_expires ON idempotency_key (expires_at);

-- A household code is a unit code (up to 64), a dash and a room (up to 16).
ALTER TABLE household ALTER COLUMN code TYPE varchar(81);
