-- Supplies v2: the catalogue, merchants' offers, community warehouse stock, orders and group orders,
-- allocation runs with their explanations, hand-overs and each order's timeline.

-- Standard packages and medicine refills (the catalogue); merchants offer these, the warehouse stocks them.
CREATE TABLE item (
    code      varchar(40)  PRIMARY KEY,
    kind      varchar(16)  NOT NULL CHECK (kind IN ('package', 'medicine')),
    name_en   varchar(200) NOT NULL,
    name_zh   varchar(200) NOT NULL,
    contents  text         NOT NULL,
    position  smallint     NOT NULL
);
INSERT INTO item (code, kind, name_en, name_zh, contents, position) VALUES
    ('vegetables', 'package', 'Vegetable package', '蔬菜包', 'about 5 kg of seasonal vegetables (蔬菜约 5 公斤)', 1),
    ('rice-flour-oil', 'package', 'Rice, flour and oil', '米面油包', '5 kg rice, 2.5 kg flour, 1.8 l cooking oil (大米 5 公斤、面粉 2.5 公斤、食用油 1.8 升)', 2),
    ('eggs-meat', 'package', 'Eggs and meat', '蛋肉包', '30 eggs, 1 kg pork (鸡蛋 30 枚、猪肉 1 公斤)', 3),
    ('infant-formula', 'package', 'Infant formula', '婴幼儿奶粉', 'two 800 g cans of stage 1-3 formula (800 克装奶粉两罐)', 4),
    ('sanitary', 'package', 'Sanitary items', '卫生用品包', 'sanitary pads, toilet paper, soap, disinfectant (卫生巾、卫生纸、肥皂、消毒液)', 5),
    ('medicine-refill', 'medicine', 'Common medicine refill', '常用药续方', 'a refill of a household member''s regular prescription (家庭成员常用药续方)', 6);

-- A merchant's offer (partner client, OAuth client credentials: merchant = the token's azp): an item at a
-- price, with its own stock, to the areas it serves (place codes, resolved to paths when published).
CREATE TABLE offer (
    id           uuid          PRIMARY KEY,
    merchant     varchar(200)  NOT NULL,
    item_code    varchar(40)   NOT NULL REFERENCES item (code),
    price_cents  integer       NOT NULL CHECK (price_cents >= 0),
    stock        integer       NOT NULL CHECK (stock >= 0),
    area_codes   text[]        NOT NULL,
    area_paths   text[]        NOT NULL,
    active       boolean       NOT NULL DEFAULT true,
    created_at   timestamptz   NOT NULL DEFAULT now(),
    updated_at   timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX offer_merchant ON offer (merchant, created_at DESC);
CREATE INDEX offer_item ON offer (item_code) WHERE active;

-- Warehouse stock per item of a community (or of a compound with its own depot). available: not yet given to an order; allocated: given so far.
-- The CHECK is the last line against overselling; reservations are conditional updates (available >= n).
CREATE TABLE stock (
    area_code   varchar(64)   NOT NULL,
    item_code   varchar(40)   NOT NULL REFERENCES item (code),
    area_path   text          NOT NULL,
    available   integer       NOT NULL CHECK (available >= 0),
    allocated   bigint        NOT NULL DEFAULT 0 CHECK (allocated >= 0),
    received    bigint        NOT NULL DEFAULT 0,
    updated_at  timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (area_code, item_code)
);

-- A group order (团购) of one building for one merchant offer: confirmed for the merchant to fulfil
-- once `threshold` households have joined.
CREATE TABLE group_order (
    id             uuid          PRIMARY KEY,
    offer_id       uuid          NOT NULL REFERENCES offer (id),
    merchant       varchar(200)  NOT NULL,
    item_code      varchar(40)   NOT NULL REFERENCES item (code),
    building_code  varchar(64)   NOT NULL,
    building_path  text          NOT NULL,
    threshold      integer       NOT NULL CHECK (threshold BETWEEN 2 AND 500),
    members        integer       NOT NULL DEFAULT 0,
    status         varchar(12)   NOT NULL CHECK (status IN ('open', 'confirmed')),
    created_by     varchar(200)  NOT NULL,
    created_at     timestamptz   NOT NULL DEFAULT now(),
    confirmed_at   timestamptz
);
CREATE INDEX group_order_building ON group_order (building_path text_pattern_ops);

-- An order of a household: from the community warehouse (waits for stock, allocated by priority),
-- from a merchant's offer, or as part of a building's group order.
CREATE TABLE supply_order (
    id               uuid          PRIMARY KEY,
    household_id     uuid          NOT NULL,
    household_code   varchar(81)   NOT NULL,
    place_path       text          NOT NULL,
    building_path    text          NOT NULL,
    stock_area       varchar(64)   NOT NULL,
    item_code        varchar(40)   NOT NULL REFERENCES item (code),
    quantity         integer       NOT NULL CHECK (quantity BETWEEN 1 AND 20),
    source           varchar(12)   NOT NULL CHECK (source IN ('warehouse', 'merchant', 'group')),
    offer_id         uuid          REFERENCES offer (id),
    merchant         varchar(200),
    group_id         uuid          REFERENCES group_order (id),
    price_cents      integer,
    status           varchar(20)   NOT NULL CHECK (status IN ('waiting', 'allocated', 'pending-group', 'confirmed',
                                                              'at-gate', 'out-for-delivery', 'delivered')),
    placed_by        varchar(200)  NOT NULL,
    on_behalf        boolean       NOT NULL,
    delivery_code    varchar(6)    NOT NULL,
    code_attempts    smallint      NOT NULL DEFAULT 0,
    carrier          varchar(200),
    created_at       timestamptz   NOT NULL DEFAULT now(),
    updated_at       timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX supply_order_household ON supply_order (household_id, created_at DESC);
CREATE INDEX supply_order_merchant ON supply_order (merchant, created_at DESC) WHERE merchant IS NOT NULL;
CREATE INDEX supply_order_path ON supply_order (place_path text_pattern_ops, created_at DESC);
CREATE INDEX supply_order_waiting ON supply_order (stock_area, item_code, created_at) WHERE status = 'waiting';
CREATE INDEX supply_order_group ON supply_order (group_id) WHERE group_id IS NOT NULL;

-- What happened to an order, in order: the timeline the household sees.
CREATE TABLE order_event (
    id          bigserial     PRIMARY KEY,
    order_id    uuid          NOT NULL REFERENCES supply_order (id),
    kind        varchar(30)   NOT NULL,
    actor       varchar(200)  NOT NULL,
    actor_role  varchar(30)   NOT NULL,
    detail      text,
    at          timestamptz   NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX order_event_order ON order_event (order_id, id);

-- Each hand-over of the goods: supplier to the community at the compound gate, gate to carrier, carrier to household.
CREATE TABLE handover (
    id          uuid          PRIMARY KEY,
    order_id    uuid          NOT NULL REFERENCES supply_order (id),
    stage       varchar(10)   NOT NULL CHECK (stage IN ('gate', 'pickup', 'door')),
    from_party  varchar(200)  NOT NULL,
    to_party    varchar(200)  NOT NULL,
    note        text,
    at          timestamptz   NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX handover_order ON handover (order_id);

-- An allocation run: the waiting orders of one warehouse (community or compound) and item ranked by score (README), stock given in that order.
CREATE TABLE allocation_run (
    id                uuid          PRIMARY KEY,
    area_code         varchar(64)   NOT NULL,
    area_path         text          NOT NULL,
    item_code         varchar(40)   NOT NULL REFERENCES item (code),
    started_by        varchar(200)  NOT NULL,
    started_at        timestamptz   NOT NULL DEFAULT now(),
    available_before  integer       NOT NULL,
    orders_considered integer       NOT NULL,
    orders_allocated  integer       NOT NULL,
    units_allocated   integer       NOT NULL
);
CREATE INDEX allocation_run_area ON allocation_run (area_path text_pattern_ops, started_at DESC);

-- Each decision of a run and why: the score's components (JSON), the building's round and the outcome.
CREATE TABLE allocation_decision (
    run_id         uuid          NOT NULL REFERENCES allocation_run (id),
    order_id       uuid          NOT NULL REFERENCES supply_order (id),
    position       integer       NOT NULL,
    building_path  text          NOT NULL,
    round          integer       NOT NULL,
    score          integer       NOT NULL,
    components     text          NOT NULL,
    outcome        varchar(10)   NOT NULL CHECK (outcome IN ('allocated', 'waiting')),
    reason         text          NOT NULL,
    PRIMARY KEY (run_id, order_id)
);
CREATE INDEX allocation_decision_order ON allocation_decision (order_id);
