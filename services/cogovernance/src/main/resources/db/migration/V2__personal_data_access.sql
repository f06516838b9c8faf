-- Reads of unmasked personal data (ARCHITECTURE.md rule 5): who read whose phone, why, when. Append-only:
-- written in the transaction of the read, never changed or deleted through the API or otherwise.
CREATE TABLE personal_data_access (
    id              bigserial    PRIMARY KEY,
    accessed_at     timestamptz  NOT NULL DEFAULT now(),
    actor_subject   varchar(100) NOT NULL,
    actor_username  varchar(200),
    actor_roles     varchar(500) NOT NULL,
    subject_kind    varchar(10)  NOT NULL CHECK (subject_kind IN ('volunteer', 'partner')),
    subject_id      uuid         NOT NULL,
    fields          varchar(200) NOT NULL,
    purpose         varchar(500) NOT NULL
);
CREATE INDEX personal_data_access_subject ON personal_data_access (subject_kind, subject_id, id);

CREATE FUNCTION refuse_audit_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'personal_data_access is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER personal_data_access_append_only BEFORE UPDATE OR DELETE ON personal_data_access
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
