-- When this database was first migrated (the service's first start, or its upgrade to this version). A consumer
-- that turns other services' signals into work (a ticket, a request) ignores signals published before it: a
-- service deployed onto a running platform, or reading a topic from its start with a new consumer group, does not
-- act on history it never owned. State it keeps (read models, area modes, orders) is still read in full.
CREATE TABLE start_line (
    one  boolean      PRIMARY KEY DEFAULT true CHECK (one),
    at   timestamptz  NOT NULL DEFAULT now()
);
INSERT INTO start_line DEFAULT VALUES;
