-- Check-in (采样登记): a person's sample goes into a tube; a pooled tube (混采) takes up to its
-- capacity (10-in-1 by default), a single tube one person. A full tube is sealed.
CREATE TABLE tube (
    barcode      varchar(40)   PRIMARY KEY,
    campaign_id  uuid          NOT NULL REFERENCES campaign (id),
    kind         varchar(8)    NOT NULL CHECK (kind IN ('single', 'pooled')),
    capacity     smallint      NOT NULL CHECK (capacity BETWEEN 1 AND 20),
    samples      smallint      NOT NULL DEFAULT 0,
    status       varchar(12)   NOT NULL CHECK (status IN ('open', 'sealed')),
    site         varchar(100),
    opened_by    varchar(200)  NOT NULL,
    opened_at    timestamptz   NOT NULL DEFAULT now(),
    sealed_at    timestamptz,
    CHECK (samples <= capacity),
    CHECK ((kind = 'single') = (capacity = 1))
);
CREATE INDEX tube_campaign ON tube (campaign_id, status);

-- Samples: one per person per campaign, plus one re-test after a positive pooled tube (see
-- person_state in V3, which decides whether a check-in is allowed).
CREATE TABLE sample (
    campaign_id   uuid          NOT NULL REFERENCES campaign (id),
    person_id     uuid          NOT NULL,
    household_id  uuid          NOT NULL,
    tube_barcode  varchar(40)   NOT NULL REFERENCES tube (barcode),
    taken_by      varchar(200)  NOT NULL,
    taken_at      timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, person_id, tube_barcode)
);
CREATE INDEX sample_tube ON sample (tube_barcode);
