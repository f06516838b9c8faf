-- Fewer indexes to maintain on every household written (a city import writes 400,000 at once):
-- one unique index on the code serves both equality and prefix searches (text_pattern_ops has =),
-- and the grid index holds only households that are in a grid.
ALTER TABLE household DROP CONSTRAINT household_code_key;
DROP INDEX household_code_prefix;
CREATE UNIQUE INDEX household_code_key ON household (code text_pattern_ops);
DROP INDEX household_grid;
CREATE INDEX household_grid ON household (grid_code) WHERE grid_code IS NOT NULL;
