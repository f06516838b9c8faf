-- Spreadsheet import jobs (导入) and the export audit (导出).

-- One import of a register file. The file itself lives on the replica that received it until the job
-- ends; the job's state is here, so any replica answers "how far is it".
CREATE TABLE import_job (
    id                 uuid          PRIMARY KEY,
    file_name          varchar(255)  NOT NULL,
    format             varchar(8)    NOT NULL CHECK (format IN ('csv', 'xlsx')),
    charset            varchar(20),
    status             varchar(10)   NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    created_by         varchar(100)  NOT NULL,
    created_by_name    varchar(200),
    areas              varchar(1000) NOT NULL,
    bytes_total        bigint        NOT NULL,
    rows_expected      bigint,
    rows_read          bigint        NOT NULL DEFAULT 0,
    rows_accepted      bigint        NOT NULL DEFAULT 0,
    rows_rejected      bigint        NOT NULL DEFAULT 0,
    persons_created    bigint        NOT NULL DEFAULT 0,
    persons_updated    bigint        NOT NULL DEFAULT 0,
    households_created bigint        NOT NULL DEFAULT 0,
    places_created     bigint        NOT NULL DEFAULT 0,
    percent            smallint      NOT NULL DEFAULT 0,
    phase              varchar(20),
    failure            varchar(1000),
    request_id         varchar(128),
    -- the replica (host name) that holds the file and runs the job
    runner             varchar(200)  NOT NULL,
    created_at         timestamptz   NOT NULL DEFAULT now(),
    started_at         timestamptz,
    finished_at        timestamptz
);
CREATE INDEX import_job_creator ON import_job (created_by, created_at DESC);

-- Why a row was not imported: line number in the file, the column, a code and a message.
CREATE TABLE import_error (
    job_id   uuid          NOT NULL REFERENCES import_job (id) ON DELETE CASCADE,
    line     bigint        NOT NULL,
    field    varchar(40),
    code        varchar(40)   NOT NULL,
    message_en  varchar(500)  NOT NULL,
    message_zh  varchar(500)  NOT NULL
);
CREATE INDEX import_error_job ON import_error (job_id, line);

-- Every export of personal data: who, what, masked or not, why. Append-only like personal_data_access.
CREATE TABLE export_audit (
    id              bigserial     PRIMARY KEY,
    exported_at     timestamptz   NOT NULL DEFAULT now(),
    actor_subject   varchar(100)  NOT NULL,
    actor_username  varchar(200),
    actor_roles     varchar(500)  NOT NULL,
    place_code      varchar(64)   NOT NULL,
    filter          varchar(200),
    format          varchar(8)    NOT NULL,
    -- null: masked; else the fields shown unmasked (each person is then also in personal_data_access)
    revealed        varchar(100),
    purpose         varchar(500),
    rows_exported   bigint        NOT NULL,
    request_id      varchar(128)
);
CREATE INDEX export_audit_actor ON export_audit (actor_subject, id);

CREATE TRIGGER export_audit_append_only
    BEFORE UPDATE OR DELETE ON export_audit
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
