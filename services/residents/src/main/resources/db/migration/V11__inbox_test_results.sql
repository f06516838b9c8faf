-- Residents' inbox and parked events: the platform's tables now (db/platform, V0_2). This version is kept
-- so that the numbering of the migrations after it stays as it was.
SELECT 1;
