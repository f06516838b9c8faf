-- Parked events made visible and replayable, and the outbox's dead letters (issue 19 item 4).
-- docs/operations.md, "Parked events and dead letters".

-- A parked event an admin replayed and its handler applied stays as a record of who did it and when; one refused
-- again stays parked with the new reason and one more replay.
ALTER TABLE inbox_parked
    ADD COLUMN replayed_at  timestamptz,
    ADD COLUMN replayed_by  varchar(200),
    ADD COLUMN replays      integer NOT NULL DEFAULT 0;
CREATE INDEX inbox_parked_waiting ON inbox_parked (parked_at DESC) WHERE replayed_at IS NULL;

-- An outbox row Kafka refuses for good (too large, not serializable) is set aside after
-- lifeline.outbox.max-attempts attempts, so the rows after it go out; an admin may queue it again.
ALTER TABLE outbox
    ADD COLUMN dead_lettered_at  timestamptz;
DROP INDEX outbox_unpublished;
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL AND dead_lettered_at IS NULL;
CREATE INDEX outbox_dead_letters ON outbox (seq) WHERE dead_lettered_at IS NOT NULL;
