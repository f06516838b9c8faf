-- Hotline tickets routed to medical (issue 20): a TicketOpened.v1 with route medical links the household's open
-- request, or raises one. One row per ticket taken; the ticket id is the key, so a TicketOpened delivered or replayed
-- again changes nothing.
CREATE TABLE request_ticket (
    ticket_id     uuid         PRIMARY KEY,
    request_id    uuid         NOT NULL REFERENCES medical_request (id),
    household_id  uuid         NOT NULL,
    -- raised: the ticket raised the request (raised_by hotline); linked: the household's open request took it
    kind          varchar(16)  NOT NULL CHECK (kind IN ('raised', 'linked')),
    taken_at      timestamptz  NOT NULL
);
CREATE INDEX request_ticket_request ON request_ticket (request_id);

-- A request raised from a ticket has no contact: the caller's name and number stay with the hotline.
ALTER TABLE medical_request ALTER COLUMN contact_name DROP NOT NULL, ALTER COLUMN contact_phone DROP NOT NULL;
