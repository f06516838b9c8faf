-- Partners as co-governance announces them (PartnerStatusChanged.v1 on lifeline.cogovernance.partner.v1), for the
-- platform's partner check (org.lifeline.platform.partner) and for hand-overs, which go only to an approved lab.
-- Keyed by the OAuth client id, the token's azp.
CREATE TABLE partner_rm (
    client_id   varchar(255)  PRIMARY KEY,
    partner_id  uuid          NOT NULL,
    name        varchar(200)  NOT NULL,
    kind        varchar(20)   NOT NULL,
    status      varchar(20)   NOT NULL CHECK (status IN ('approved', 'rejected', 'suspended')),
    area_codes  text[]        NOT NULL DEFAULT '{}',
    changed_at  timestamptz   NOT NULL,
    updated_at  timestamptz   NOT NULL DEFAULT now()
);

-- The place a tube is used in (the site's place: where the staff who opened it work, inside the campaign's area).
-- Reading, checking in, sealing and handing over a tube need that place inside the caller's areas, so staff of
-- another community cannot touch the tubes of a street-wide campaign. Tubes opened before this migration get the
-- campaign's area, or the community all their samples came from.
ALTER TABLE tube ADD COLUMN place_path text;
UPDATE tube t SET place_path = c.area_path FROM campaign c WHERE c.id = t.campaign_id;
UPDATE tube t SET place_path = s.community
FROM (SELECT sa.tube_barcode, min(substring(h.place_path FROM '^(/[^/]+/[^/]+/[^/]+/[^/]+/)')) AS community
      FROM sample sa JOIN household_rm h ON h.id = sa.household_id
      GROUP BY sa.tube_barcode
      HAVING count(DISTINCT substring(h.place_path FROM '^(/[^/]+/[^/]+/[^/]+/[^/]+/)')) = 1) s
WHERE s.tube_barcode = t.barcode AND s.community IS NOT NULL AND s.community LIKE t.place_path || '%';
ALTER TABLE tube ALTER COLUMN place_path SET NOT NULL;
CREATE INDEX tube_place ON tube (place_path text_pattern_ops);
