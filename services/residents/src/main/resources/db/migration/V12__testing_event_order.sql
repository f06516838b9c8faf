-- The CloudEvent time of the newest testing event applied to the household: testing's events about
-- one household can come on different partitions (keyed by tube), so an older one that arrives late
-- (a pooled positive after the clearance that followed it) must not undo a newer one.
ALTER TABLE household ADD COLUMN testing_event_at timestamptz;
