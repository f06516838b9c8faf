-- Sites (采样点) with lanes and a capacity per hour, and the time slot of each building, so that at
-- most what a site can take is expected there at once.
CREATE TABLE site (
    id                 uuid          PRIMARY KEY,
    campaign_id        uuid          NOT NULL REFERENCES campaign (id),
    name               varchar(100)  NOT NULL,
    lanes              smallint      NOT NULL CHECK (lanes BETWEEN 1 AND 50),
    capacity_per_hour  int           NOT NULL CHECK (capacity_per_hour BETWEEN 1 AND 100000),
    slot_minutes       smallint      NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),
    opens_at           timestamptz   NOT NULL,
    closes_at          timestamptz   NOT NULL,
    created_by         varchar(200)  NOT NULL,
    created_at         timestamptz   NOT NULL DEFAULT now(),
    CHECK (closes_at > opens_at),
    UNIQUE (campaign_id, name)
);

-- A building's time at a site (one window; a building larger than a slot gets consecutive slots).
CREATE TABLE slot (
    campaign_id    uuid          NOT NULL REFERENCES campaign (id),
    building_code  varchar(64)   NOT NULL,
    site_id        uuid          NOT NULL REFERENCES site (id),
    starts_at      timestamptz   NOT NULL,
    ends_at        timestamptz   NOT NULL,
    expected       int           NOT NULL,
    PRIMARY KEY (campaign_id, building_code),
    CHECK (ends_at > starts_at)
);
CREATE INDEX slot_site ON slot (site_id, starts_at);
