-- A tube's result updates the persons whose current sample is that tube: find them by tube, not by
-- scanning every person of the campaign (the benchmark's 100,000 tubes over 1,000,000 persons).
CREATE INDEX person_state_tube ON person_state (campaign_id, barcode);
