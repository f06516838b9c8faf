-- Staff search: part of a name, the last 4 digits of a phone or ID number, or an address code.
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX person_name_trgm ON person USING gin (name gin_trgm_ops);
ALTER TABLE person ADD COLUMN phone_last4 varchar(4) GENERATED ALWAYS AS (right(phone, 4)) STORED;
ALTER TABLE person ADD COLUMN id_last4 varchar(4) GENERATED ALWAYS AS (right(id_number, 4)) STORED;
CREATE INDEX person_phone_last4 ON person (phone_last4);
CREATE INDEX person_id_last4 ON person (id_last4);
CREATE INDEX household_code_prefix ON household (code text_pattern_ops);
