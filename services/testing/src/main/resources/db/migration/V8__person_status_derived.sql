-- A person's result in a campaign is no longer written to each person when a tube's result comes
-- (the benchmark: that update was 80 % of a result batch's time, 50,000 person rows per 5,000 tubes).
-- person_state keeps what check-in knows (stage: sampled, or retest-sampled after a positive pooled
-- tube, and the tube of the current sample); the result state is derived from that tube's result,
-- which is stored once, in tube_result (so a corrected result is reflected at once):
--   no result yet          -> the stage (sampled, retest-sampled)
--   negative               -> negative
--   positive, single tube  -> positive
--   positive, pooled tube  -> retest-required
UPDATE person_state ps SET state = CASE WHEN EXISTS (SELECT 1 FROM sample s WHERE s.campaign_id = ps.campaign_id
        AND s.person_id = ps.person_id AND s.tube_barcode <> ps.barcode) THEN 'retest-sampled' ELSE 'sampled' END
    WHERE state IN ('negative', 'positive', 'retest-required');
ALTER TABLE person_state DROP CONSTRAINT IF EXISTS person_state_state_check;
ALTER TABLE person_state ADD CONSTRAINT person_state_stage_check CHECK (state IN ('sampled', 'retest-sampled'));

CREATE VIEW person_status AS
SELECT ps.campaign_id, ps.person_id, ps.household_id, ps.barcode, ps.place_path, ps.updated_at,
       ps.state AS stage,
       CASE WHEN r.result IS NULL THEN ps.state
            WHEN r.result = 'negative' THEN 'negative'
            WHEN t.kind = 'single' THEN 'positive'
            ELSE 'retest-required' END AS state,
       r.recorded_at AS result_at
FROM person_state ps
LEFT JOIN tube t ON t.barcode = ps.barcode
LEFT JOIN tube_result r ON r.barcode = ps.barcode;
