-- Testing v1: the local read model of residents' places and households (ARCHITECTURE.md rule 3),
-- the inbox and outbox, and campaigns.






-- A testing round (核酸检测轮次) over an area on a date, with its exemption rules.
CREATE TABLE campaign (
    id                     uuid          PRIMARY KEY,
    area_code              varchar(64)   NOT NULL,
    area_path              text          NOT NULL,
    title                  varchar(200)  NOT NULL,
    test_date              date          NOT NULL,
    pool_size              smallint      NOT NULL CHECK (pool_size BETWEEN 1 AND 20),
    exempt_under_months    smallint      NOT NULL CHECK (exempt_under_months BETWEEN 0 AND 72),
    status                 varchar(10)   NOT NULL CHECK (status IN ('open', 'closed')),
    created_by             varchar(200)  NOT NULL,
    created_at             timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX campaign_area ON campaign (area_path text_pattern_ops, test_date DESC);
