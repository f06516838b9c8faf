-- Partners as co-governance announces them (PartnerStatusChanged.v1 on lifeline.cogovernance.partner.v1), for the
-- platform's partner check (org.lifeline.platform.partner): a merchant's token is answered only while its client is
-- a known, approved partner. Keyed by the OAuth client id, the token's azp.
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
