-- The platform's tables, in every service's database (Flyway location classpath:db/platform, from lifeline-outbox).
-- Versions 0.x run before the service's own V1 on a new database. docs/architecture.md, "Platform tables".

-- Events written in the same transaction as the change they describe; OutboxRelay publishes them (rule 2).
CREATE TABLE outbox (
    seq           bigserial    PRIMARY KEY,
    event_id      uuid         NOT NULL UNIQUE,
    topic         varchar(200) NOT NULL,
    event_key     varchar(200) NOT NULL,
    event_type    varchar(200) NOT NULL,
    payload       text         NOT NULL,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    published_at  timestamptz,
    attempts      integer      NOT NULL DEFAULT 0,
    last_error    text
);
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;
