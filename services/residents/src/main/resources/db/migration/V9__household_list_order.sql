-- Household lists are in address order (unit path, then room): the prefix scan of this index returns
-- them already sorted, so a page deep into a community of 4,000 households reads its rows from the
-- index instead of sorting the community. It replaces the plain prefix index on the path.
CREATE INDEX household_path_room ON household (place_path text_pattern_ops, room);
DROP INDEX household_path_prefix;
