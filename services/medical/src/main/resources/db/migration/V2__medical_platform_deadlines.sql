-- The stage deadlines escalate through the platform's durable deadlines (db/platform V0_4, kind
-- medical.stage-deadline, subject the request_deadline id): the pending ones of an existing database get theirs.
INSERT INTO deadline (kind, subject, due_at, next_attempt_at)
SELECT 'medical.stage-deadline', id::text, due_at, due_at FROM request_deadline WHERE state = 'pending'
ON CONFLICT (kind, subject) DO NOTHING;
