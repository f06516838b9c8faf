-- Issue 18 item 6: health details of survey visits (symptoms, medication, dialysis days, chemotherapy, due
-- date, oxygen, wheelchair) go to health roles and to whoever recorded the visit; every such read is written
-- here (ARCHITECTURE.md rule 5). Append-only: no endpoint changes it, and the database refuses updates and
-- deletes.
CREATE TABLE health_detail_access (
    id              bigserial    PRIMARY KEY,
    accessed_at     timestamptz  NOT NULL DEFAULT now(),
    actor_subject   varchar(100) NOT NULL,
    actor_username  varchar(200),
    actor_roles     varchar(500) NOT NULL,
    household_id    uuid         NOT NULL,
    -- the survey_visit ids whose details the answer carried, comma-separated, ascending
    visit_ids       varchar(4000) NOT NULL,
    -- where they were read: household-visits (GET /households/{id}/visits) or care-list
    source          varchar(32)  NOT NULL CHECK (source IN ('household-visits', 'care-list')),
    -- why the caller may read them: health-role or recorder
    reason          varchar(32)  NOT NULL CHECK (reason IN ('health-role', 'recorder')),
    request_id      varchar(128)
);
CREATE INDEX health_detail_access_household ON health_detail_access (household_id, id);

CREATE FUNCTION refuse_health_audit_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'health_detail_access is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER health_detail_access_append_only
    BEFORE UPDATE OR DELETE ON health_detail_access
    FOR EACH ROW EXECUTE FUNCTION refuse_health_audit_change();
