-- Coverage of a community in a city register without visiting each person's household and probing
-- person_state once per person (docs/benchmarks/testing.md): persons carry their household's place
-- path and grid, and a person's campaign state carries the path where they were sampled; coverage is
-- then two range scans joined by hashing.

ALTER TABLE person_state ADD COLUMN place_path text;
UPDATE person_state s SET place_path = h.place_path FROM household_rm h WHERE h.id = s.household_id;
UPDATE person_state SET place_path = '' WHERE place_path IS NULL;
ALTER TABLE person_state ALTER COLUMN place_path SET NOT NULL;
CREATE INDEX person_state_path ON person_state (campaign_id, place_path text_pattern_ops) INCLUDE (person_id);
-- room on each page, so a result's state update stays on the page (HOT) instead of touching every index
ALTER TABLE person_state SET (fillfactor = 80);
