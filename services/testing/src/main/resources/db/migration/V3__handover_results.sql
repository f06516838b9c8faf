-- Chain of custody and lab results.

-- A batch of sealed tubes handed to a lab (交接): who, when, how many.
CREATE TABLE handover (
    id              uuid          PRIMARY KEY,
    campaign_id     uuid          NOT NULL REFERENCES campaign (id),
    lab             varchar(100)  NOT NULL,
    tubes           int           NOT NULL,
    handed_over_by  varchar(200)  NOT NULL,
    handed_over_at  timestamptz   NOT NULL DEFAULT now()
);
ALTER TABLE tube ADD COLUMN handover_id uuid REFERENCES handover (id);
ALTER TABLE tube ADD COLUMN lab varchar(100);
CREATE INDEX tube_lab ON tube (lab) WHERE lab IS NOT NULL;

-- A tube's final result, as its lab reported it (idempotent by tube and lab).
CREATE TABLE tube_result (
    barcode      varchar(40)   PRIMARY KEY REFERENCES tube (barcode),
    lab          varchar(100)  NOT NULL,
    result       varchar(10)   NOT NULL CHECK (result IN ('negative', 'positive')),
    recorded_at  timestamptz   NOT NULL DEFAULT now(),
    corrected    boolean       NOT NULL DEFAULT false
);

-- Every correction of a final result: append-only.
CREATE TABLE result_correction (
    id            bigserial     PRIMARY KEY,
    barcode       varchar(40)   NOT NULL REFERENCES tube (barcode),
    lab           varchar(100)  NOT NULL,
    old_result    varchar(10)   NOT NULL,
    new_result    varchar(10)   NOT NULL,
    reason        varchar(500)  NOT NULL,
    corrected_by  varchar(200)  NOT NULL,
    corrected_at  timestamptz   NOT NULL DEFAULT now()
);
CREATE FUNCTION refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER result_correction_append_only BEFORE UPDATE OR DELETE ON result_correction
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Where each person stands in a campaign: sampled, negative, positive, retest-required (their pooled
-- tube was positive: a single re-test is due), retest-sampled.
CREATE TABLE person_state (
    campaign_id   uuid          NOT NULL REFERENCES campaign (id),
    person_id     uuid          NOT NULL,
    household_id  uuid          NOT NULL,
    state         varchar(16)   NOT NULL CHECK (state IN ('sampled', 'negative', 'positive', 'retest-required',
                                                          'retest-sampled')),
    barcode       varchar(40)   NOT NULL,
    updated_at    timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, person_id)
);
