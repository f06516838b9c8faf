-- A care contact overdue (关爱超时): one row per vulnerable person and missed interval, written in the transaction
-- that publishes CareContactOverdue, so each is announced once, by one replica. "since" is what the interval was
-- counted from: the last care contact, or the person's registration or verification when never contacted.
CREATE TABLE care_overdue (
    person_id     uuid         NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    since         timestamptz  NOT NULL,
    signalled_at  timestamptz  NOT NULL,
    PRIMARY KEY (person_id, since)
);
