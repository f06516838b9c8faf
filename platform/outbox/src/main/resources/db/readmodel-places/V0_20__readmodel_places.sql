-- A service's copy of residents' places (org.lifeline.platform.readmodel.ResidentsReadModel), Flyway location
-- classpath:db/readmodel-places. The path is the place's ancestry, /6101/610113/.../: "inside" is a prefix match.
CREATE TABLE place_rm (
    code        varchar(64)  PRIMARY KEY,
    name        varchar(200) NOT NULL,
    level       varchar(16)  NOT NULL,
    parent_code varchar(64),
    path        text         NOT NULL
);
CREATE INDEX place_rm_path ON place_rm (path text_pattern_ops);
