-- Idempotency-Key: the response of the first request with a key, per caller (rule 6).
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
