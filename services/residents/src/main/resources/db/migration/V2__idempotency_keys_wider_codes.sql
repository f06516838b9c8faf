
-- A household code is a unit code (up to 64), a dash and a room (up to 16).
ALTER TABLE household ALTER COLUMN code TYPE varchar(81);
