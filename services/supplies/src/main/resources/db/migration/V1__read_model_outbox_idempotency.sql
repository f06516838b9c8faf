-- Supplies v1 created the read model of residents' places and households, the inbox, outbox and
-- Idempotency-Key tables. They are the platform's now (Flyway locations db/platform, db/readmodel-places,
-- db/readmodel-households); this version stays so that the numbering after it is unchanged.
SELECT 1;
