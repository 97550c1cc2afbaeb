-- Local products (OCOP) and IP titles. Groups, sub-groups and star bands are
-- data (Decision 148/QĐ-TTg of 24/2/2023), so new criteria are a data change.
CREATE TABLE ocop_groups (
    code    TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    name_en TEXT NOT NULL,
    ord     INTEGER NOT NULL
);

CREATE TABLE ocop_subgroups (
    code       TEXT PRIMARY KEY,
    group_code TEXT NOT NULL REFERENCES ocop_groups (code),
    name       TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    ord        INTEGER NOT NULL
);

-- Stars from the total score: a rating reaches the highest band whose
-- min_score it meets.
CREATE TABLE ocop_star_bands (
    stars     INTEGER PRIMARY KEY,
    min_score DOUBLE PRECISION NOT NULL
);

-- Producers (chủ thể). unit_id is today's unit; orig_unit_id and
-- orig_address keep where a record from before 1/7/2025 was made.
CREATE TABLE ocop_producers (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    name_fold      TEXT NOT NULL,
    kind           TEXT NOT NULL,
    reg_no         TEXT NOT NULL DEFAULT '',
    representative TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    address        TEXT NOT NULL DEFAULT '',
    unit_id        TEXT NOT NULL REFERENCES org_units (id),
    orig_unit_id   TEXT REFERENCES org_units (id),
    orig_address   TEXT NOT NULL DEFAULT '',
    dup_of         TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX ocop_producers_unit ON ocop_producers (unit_id);
CREATE INDEX ocop_producers_reg ON ocop_producers (reg_no);

CREATE TABLE ocop_products (
    id            TEXT PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    name_fold     TEXT NOT NULL,
    group_code    TEXT NOT NULL REFERENCES ocop_groups (code),
    subgroup_code TEXT NOT NULL REFERENCES ocop_subgroups (code),
    description   TEXT NOT NULL DEFAULT '',
    producer_id   TEXT NOT NULL REFERENCES ocop_producers (id),
    unit_id       TEXT NOT NULL REFERENCES org_units (id),
    orig_unit_id  TEXT REFERENCES org_units (id),
    orig_address  TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('draft', 'proposed', 'confirmed')),
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX ocop_products_unit ON ocop_products (unit_id);
CREATE INDEX ocop_products_producer ON ocop_products (producer_id);
CREATE INDEX ocop_products_fold ON ocop_products (name_fold);

-- Each OCOP rating with its certificate. stars is what the decision granted
-- (derived from total by the bands in force); expiry is never stored.
CREATE TABLE ocop_evaluations (
    id            TEXT PRIMARY KEY,
    product_id    TEXT NOT NULL REFERENCES ocop_products (id),
    year          INTEGER NOT NULL,
    level         TEXT NOT NULL CHECK (level IN ('province', 'central')),
    score_a       DOUBLE PRECISION NOT NULL,
    score_b       DOUBLE PRECISION NOT NULL,
    score_c       DOUBLE PRECISION NOT NULL,
    total         DOUBLE PRECISION NOT NULL,
    stars         INTEGER NOT NULL,
    decision_no   TEXT NOT NULL,
    decision_date DATE NOT NULL,
    cert_no       TEXT NOT NULL DEFAULT '',
    issue_date    DATE,
    review        TEXT NOT NULL CHECK (review IN ('pending', 'verified')),
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX ocop_evaluations_product ON ocop_evaluations (product_id);

-- Upgrade plans (nâng hạng) and their steps. A step may later point to an
-- action item of the follow-ups area (action_item_id).
CREATE TABLE ocop_plans (
    id           TEXT PRIMARY KEY,
    product_id   TEXT NOT NULL REFERENCES ocop_products (id),
    target_stars INTEGER NOT NULL,
    support      TEXT NOT NULL DEFAULT '',
    deadline     DATE NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX ocop_plans_product ON ocop_plans (product_id);

CREATE TABLE ocop_plan_actions (
    id             TEXT PRIMARY KEY,
    plan_id        TEXT NOT NULL REFERENCES ocop_plans (id) ON DELETE CASCADE,
    ord            INTEGER NOT NULL,
    text           TEXT NOT NULL,
    due            DATE,
    done           BOOLEAN NOT NULL DEFAULT FALSE,
    action_item_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ocop_plan_actions_plan ON ocop_plan_actions (plan_id);

-- IP titles. task_ref names the S&T task that produced the title, as text
-- until the proposals area can resolve it.
CREATE TABLE ocop_ip_titles (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    name_fold    TEXT NOT NULL,
    owner        TEXT NOT NULL,
    producer_id  TEXT REFERENCES ocop_producers (id),
    app_no       TEXT NOT NULL,
    app_date     DATE NOT NULL,
    grant_no     TEXT NOT NULL DEFAULT '',
    grant_date   DATE,
    term_until   DATE,
    status       TEXT NOT NULL,
    managing_org TEXT NOT NULL DEFAULT '',
    usage_rules  TEXT NOT NULL DEFAULT '',
    task_ref     TEXT NOT NULL DEFAULT '',
    unit_id      TEXT NOT NULL REFERENCES org_units (id),
    orig_unit_id TEXT REFERENCES org_units (id),
    orig_address TEXT NOT NULL DEFAULT '',
    review       TEXT NOT NULL CHECK (review IN ('pending', 'verified')),
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX ocop_ip_titles_unit ON ocop_ip_titles (unit_id);
CREATE INDEX ocop_ip_titles_fold ON ocop_ip_titles (name_fold);

CREATE TABLE ocop_ip_products (
    ip_id      TEXT NOT NULL REFERENCES ocop_ip_titles (id) ON DELETE CASCADE,
    product_id TEXT NOT NULL REFERENCES ocop_products (id),
    PRIMARY KEY (ip_id, product_id)
);
CREATE INDEX ocop_ip_products_product ON ocop_ip_products (product_id);

INSERT INTO ocop_star_bands (stars, min_score) VALUES (5, 90), (4, 70), (3, 50), (2, 30), (1, 0);

INSERT INTO ocop_groups (code, name, name_en, ord) VALUES
 ('1', 'Thực phẩm', 'Food', 1),
 ('2', 'Đồ uống', 'Drinks', 2),
 ('3', 'Dược liệu và sản phẩm từ dược liệu', 'Medicinal herbs and herbal products', 3),
 ('4', 'Thủ công mỹ nghệ', 'Handicrafts', 4),
 ('5', 'Sinh vật cảnh', 'Ornamental plants and animals', 5),
 ('6', 'Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch', 'Community tourism, eco-tourism and tourist sites', 6);

INSERT INTO ocop_subgroups (code, group_code, name, name_en, ord) VALUES
 ('1.1', '1', 'Nông sản, thủy sản tươi sống', 'Fresh farm and aquatic produce', 1),
 ('1.2', '1', 'Nông sản, thủy sản sơ chế', 'Minimally processed farm and aquatic produce', 2),
 ('1.3', '1', 'Thực phẩm chế biến', 'Processed food', 3),
 ('1.4', '1', 'Gia vị', 'Spices and condiments', 4),
 ('1.5', '1', 'Chè và sản phẩm từ chè', 'Tea and tea products', 5),
 ('1.6', '1', 'Cà phê, ca cao', 'Coffee and cocoa', 6),
 ('2.1', '2', 'Đồ uống có cồn', 'Alcoholic drinks', 1),
 ('2.2', '2', 'Đồ uống không cồn', 'Non-alcoholic drinks', 2),
 ('3.1', '3', 'Dược liệu', 'Medicinal herbs', 1),
 ('3.2', '3', 'Thực phẩm chức năng, thuốc từ dược liệu, thuốc y học cổ truyền', 'Supplements and herbal medicines', 2),
 ('3.3', '3', 'Mỹ phẩm từ dược liệu', 'Herbal cosmetics', 3),
 ('3.4', '3', 'Tinh dầu và sản phẩm khác từ dược liệu', 'Essential oils and other herbal products', 4),
 ('4.1', '4', 'Thủ công mỹ nghệ, đồ gia dụng, trang trí', 'Handicrafts, household and decorative goods', 1),
 ('4.2', '4', 'Dệt may, thêu, lụa', 'Textiles, embroidery and silk', 2),
 ('5.1', '5', 'Hoa', 'Flowers', 1),
 ('5.2', '5', 'Cây cảnh, bonsai', 'Ornamental trees and bonsai', 2),
 ('5.3', '5', 'Động vật cảnh', 'Ornamental animals', 3),
 ('6.1', '6', 'Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch', 'Community tourism, eco-tourism and tourist sites', 1);
