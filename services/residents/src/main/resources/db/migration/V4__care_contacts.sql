-- Care list (关爱名单): every contact made with a vulnerable person, newest last.
CREATE TABLE care_contact (
    id            bigserial     PRIMARY KEY,
    person_id     uuid          NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    household_id  uuid          NOT NULL REFERENCES household (id),
    kind          varchar(10)   NOT NULL CHECK (kind IN ('call', 'visit')),
    outcome       varchar(20)   NOT NULL CHECK (outcome IN ('ok', 'needs-help', 'no-answer', 'escalated')),
    note          varchar(500),
    contacted_by  varchar(200)  NOT NULL,
    contacted_at  timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX care_contact_person ON care_contact (person_id, id DESC);
