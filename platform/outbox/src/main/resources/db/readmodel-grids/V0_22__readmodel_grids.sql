-- A service's copy of residents' grids (网格) (org.lifeline.platform.readmodel.ResidentsReadModel), Flyway location
-- classpath:db/readmodel-grids.
CREATE TABLE grid_rm (
    code            varchar(64)  PRIMARY KEY,
    community_code  varchar(64)  NOT NULL,
    name            varchar(200) NOT NULL,
    grid_worker     varchar(200)
);
