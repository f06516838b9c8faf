-- Routing (issue 20): what a ticket is linked to in the other services. A medical ticket is routed to medical, which
-- links the household's open medical request or raises one (MedicalRequestLinked / MedicalRequestRaised with the
-- ticket id); a supplies ticket links the household's latest undelivered order, or, without one, co-governance posts
-- a volunteer delivery task for it (TaskPosted, source hotline, sourceRef the ticket). One row per link; `how` says
-- who made it: linked (the hotline found it, or medical linked an open request), raised (medical raised a request
-- for the ticket), posted (co-governance posted the task).
CREATE TABLE ticket_link (
    ticket_id  uuid          NOT NULL REFERENCES ticket (id),
    kind       varchar(32)   NOT NULL CHECK (kind IN ('medical-request', 'supplies-order', 'delivery-task')),
    ref        uuid          NOT NULL,
    how        varchar(16)   NOT NULL CHECK (how IN ('linked', 'raised', 'posted')),
    linked_at  timestamptz   NOT NULL,
    PRIMARY KEY (ticket_id, kind, ref)
);

-- Supplies' orders as far as routing needs them: placed when, delivered when (DeliveryCompleted). An order not yet
-- delivered is the one a supplies ticket links.
ALTER TABLE order_household ADD COLUMN placed_at timestamptz;
ALTER TABLE order_household ADD COLUMN delivered_at timestamptz;
CREATE INDEX order_household_open ON order_household (household_id, placed_at DESC) WHERE delivered_at IS NULL;
