-- Durable deadlines (org.lifeline.platform.deadline): "when this is due, do that", kept in the database so that a
-- restart, a crash or any number of replicas lose none and fire none twice. docs/architecture.md, "Deadlines".
-- A row lives from scheduling until its handler has fired it (or it is cancelled): then it is deleted, in the
-- handler's transaction. The service keeps its own record of what happened (medical: request_deadline).
CREATE TABLE deadline (
    id               bigserial    PRIMARY KEY,
    kind             varchar(100) NOT NULL,               -- which handler fires it, e.g. medical.stage-deadline
    subject          varchar(200) NOT NULL,               -- what it is about, in the handler's terms (an id)
    due_at           timestamptz  NOT NULL,               -- when it is due, as scheduled (the handler sees this)
    next_attempt_at  timestamptz  NOT NULL,               -- when a worker takes it: due_at, later after a failure
    attempts         integer      NOT NULL DEFAULT 0,     -- failed attempts so far
    last_error       varchar(1000),
    created_at       timestamptz  NOT NULL DEFAULT now(),
    UNIQUE (kind, subject)
);
CREATE INDEX deadline_next_attempt ON deadline (next_attempt_at);
