-- Issue 18 item 2: what a resident declares about their household counts once staff verify it.
-- A person is verified when staff, an import or a grid worker entered it, or staff confirmed a resident's
-- declaration; flags in person_flag are verified flags, a resident's new flags wait in person_declared_flag.
-- Only verified persons and flags travel in HouseholdChanged (priority, allocation, testing, medical) and
-- count for the care list.
ALTER TABLE person ADD COLUMN verified boolean NOT NULL DEFAULT true;
ALTER TABLE person ADD COLUMN declared_by varchar(100);
ALTER TABLE person ADD COLUMN verified_by varchar(100);
ALTER TABLE person ADD COLUMN verified_at timestamptz;

CREATE TABLE person_declared_flag (
    person_id    uuid         NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    flag         varchar(32)  NOT NULL,
    PRIMARY KEY (person_id, flag)
);

-- A resident who declares a number registered elsewhere gets the same answer as for a new number (no
-- oracle for which numbers exist): the declaration is kept, pending, and staff resolve the conflict when
-- they verify. So the number is unique among verified persons only.
ALTER TABLE person DROP CONSTRAINT person_id_number_key;
CREATE UNIQUE INDEX person_id_number_key ON person (id_number) WHERE verified;
CREATE INDEX person_id_number_any ON person (id_number);
CREATE INDEX person_unverified ON person (household_id) WHERE NOT verified;
