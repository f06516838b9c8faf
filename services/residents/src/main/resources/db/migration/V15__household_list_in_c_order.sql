-- The household list reads a community's households a page at a time, in address order (place_path, room).
-- With place_path in the "C" collation one plain btree serves both the prefix match (LIKE '/6101/.../%', which
-- PostgreSQL turns into a range on a "C" index) and the order, so a page's ids come from the index alone: no
-- heap read for the households skipped and no sort of the whole community per page (docs/benchmarks.md,
-- "Issue 19"). Paths hold only ASCII code characters, so "C" order is the order they had.
DROP INDEX household_path_room;
ALTER TABLE household ALTER COLUMN place_path TYPE text COLLATE "C";
CREATE INDEX household_path_room ON household (place_path, room, id);
