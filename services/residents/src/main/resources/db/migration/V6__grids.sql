-- Grids (网格): slices of a community, each with its grid worker; households belong to one grid.
CREATE TABLE grid (
    code            varchar(64)  PRIMARY KEY,
    community_code  varchar(64)  NOT NULL REFERENCES place (code),
    name            varchar(200) NOT NULL,
    grid_worker     varchar(200),
    created_at      timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX grid_community ON grid (community_code);
ALTER TABLE household ADD COLUMN grid_code varchar(64) REFERENCES grid (code);
CREATE INDEX household_grid ON household (grid_code);
