-- Community-governance workforce schema, version 6.
-- The ENUM types named here are created from domain.CATEGORIES by cgw/storage/schema.py before this runs.
-- Region ids are 统计用区划代码: a child's id starts with its parent's id, so a region subtree
-- is `starts_with(community_id, :region_id)` on any fact table.
--
-- Version 3 dropped three constraints (database.MIGRATIONS[3] rebuilds a version-2 file):
-- * UNIQUE on workers.id_number and reserve_candidates.id_number. One person may have several
--   records: a worker who left and was later rehired, a candidate who left the pool and
--   re-entered it. Uniqueness holds only among records in post (在岗) or in the pool (在库);
--   the importer refuses a second such record (within a file and against the database) and
--   the data-quality rule `duplicate_active_id` reports any that exist.
-- * FOREIGN KEY on workers.community_id and point_accounts.community_id. DuckDB cannot update
--   an indexed column (a foreign key is one) of a row that other tables reference (DuckDB
--   issue #20246), so a worker with certificates or training records could never be moved to
--   another community, nor an account with ledger rows. The importer resolves and checks every
--   community itself, and the data-quality rules `missing_reference` and `wrong_level_region`
--   cover both columns. All other keys, foreign keys and checks are unchanged.
-- Version 3 also lets import_undo record a run of inserted keys as one row ('inserted_range').
--
-- Version 4 (database.MIGRATIONS[4] rebuilds a version-3 file) stores what a roster does not say as
-- unknown (NULL) instead of a guess: a worker's 民族, 政治面貌, 学历, 岗位类别, 职务, 岗位等级, 来源 and
-- 任现职时间 may be NULL, and a certificate's date. workers.post_title_text keeps the 职务 as the file
-- wrote it (党委书记、居委会主任); post_title is its category. import_undo.table_name names the table
-- of a row a batch wrote to another table than its own (a roster's certificates); import_profiles
-- holds the analysts' saved column and value mappings.
--
-- Version 6 (database.MIGRATIONS[6] rebuilds a version-5 file) adds the rest of the seed reports:
-- the grid level (网格, 15-digit codes under a community, with its 小区党支部) and 党员中心户; an
-- optional grid on workers, issues and wishes; resident needs against the supply lists; the
-- training mechanisms (书记工作室, 跟班实训, 治理沙龙, rotations, teaching sites, colleges, teacher
-- pools, courses); 胜任力测评; secondments (借调); assessment outcomes; partners' recruitment channel.

CREATE TABLE dataset_info (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE regions (
    region_id    VARCHAR PRIMARY KEY CHECK (regexp_full_match(region_id, '[0-9]{2,15}')),
    name         VARCHAR NOT NULL CHECK (length(trim(name)) > 0),
    level        region_level NOT NULL,
    parent_id    VARCHAR REFERENCES regions (region_id),
    party_branch VARCHAR,   -- a grid's 小区（网格）党支部 (version 6); NULL: none set up
    CHECK (parent_id IS NULL OR (starts_with(region_id, parent_id) AND length(region_id) > length(parent_id))),
    CHECK (length(region_id) = CASE level WHEN 'province' THEN 2 WHEN 'city' THEN 4 WHEN 'district' THEN 6
                                          WHEN 'street' THEN 9 WHEN 'community' THEN 12 ELSE 15 END)
);

-- 常住人口 per community and year; higher levels are sums.
CREATE TABLE region_population (
    region_id           VARCHAR NOT NULL REFERENCES regions (region_id),
    year                INTEGER NOT NULL CHECK (year BETWEEN 1949 AND 2100),
    resident_population INTEGER NOT NULL CHECK (resident_population >= 0),
    households          INTEGER CHECK (households >= 0),
    PRIMARY KEY (region_id, year)
);

CREATE TABLE workers (
    worker_id        VARCHAR PRIMARY KEY,
    name             VARCHAR NOT NULL CHECK (length(trim(name)) > 0),
    gender           gender NOT NULL,
    -- Not UNIQUE (version 3): a rehired person has a second record; unique among 在岗 records.
    id_number        VARCHAR NOT NULL CHECK (regexp_full_match(id_number, '[0-9]{17}[0-9X]')),
    birth_date       DATE NOT NULL,
    -- NULL: not known (version 4); never a guess.
    ethnicity        ethnicity,
    political_status political_status,
    education        education,
    -- Not a foreign key (version 3), so that a worker with certificates can change community;
    -- checked by the importer and the rules missing_reference / wrong_level_region.
    community_id     VARCHAR NOT NULL,
    role_category    role_category,
    post_title       post_title,   -- 职务 category (书记, 主任, …), derived from post_title_text
    post_title_text  VARCHAR,      -- 职务 as written (党委书记、居委会主任; 网格员)
    post_level       TINYINT CHECK (post_level BETWEEN 1 AND 18),
    source           hire_source,
    hire_date        DATE NOT NULL,
    post_since       DATE,   -- 任现职时间: start of the current position
    status           worker_status NOT NULL DEFAULT '在岗',
    exit_date        DATE,
    exit_reason      exit_reason,
    phone            VARCHAR CHECK (phone IS NULL OR regexp_full_match(phone, '1[3-9][0-9]{9}')),
    grid_id          VARCHAR,   -- the grid (网格) the worker is assigned to (定岗小区); version 6
    CHECK (grid_id IS NULL OR (length(grid_id) = 15 AND starts_with(grid_id, community_id))),
    CHECK (hire_date > birth_date),
    CHECK (post_since >= hire_date),
    CHECK (exit_date IS NULL OR exit_date >= coalesce(post_since, hire_date)),
    CHECK ((status = '在岗') = (exit_date IS NULL)),
    CHECK ((exit_date IS NULL) = (exit_reason IS NULL))
);

CREATE TABLE certificates (
    worker_id   VARCHAR NOT NULL REFERENCES workers (worker_id),
    level       certificate_level NOT NULL,
    obtained_on DATE,   -- NULL: held, date not known (a roster's 职业资格 column; version 4)
    PRIMARY KEY (worker_id, level)
);

-- 书记等次: one row per grading; a re-grade mid-year adds a row with a later effective date.
CREATE TABLE secretary_grades (
    worker_id      VARCHAR NOT NULL REFERENCES workers (worker_id),
    year           INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    grade          secretary_grade NOT NULL,
    effective_from DATE NOT NULL,
    PRIMARY KEY (worker_id, effective_from),
    CHECK (year(effective_from) = year)
);

CREATE TABLE secretary_grade_subsidy (
    grade        secretary_grade PRIMARY KEY,
    monthly_yuan INTEGER NOT NULL CHECK (monthly_yuan >= 0)
);

CREATE TABLE reserve_candidates (
    candidate_id VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL CHECK (length(trim(name)) > 0),
    gender       gender NOT NULL,
    -- Not UNIQUE (version 3): a candidate may leave the pool and re-enter it as a new record;
    -- unique among 在库 records.
    id_number    VARCHAR NOT NULL CHECK (regexp_full_match(id_number, '[0-9]{17}[0-9X]')),
    birth_date   DATE NOT NULL,
    community_id VARCHAR NOT NULL REFERENCES regions (region_id),
    worker_id    VARCHAR REFERENCES workers (worker_id),   -- set when the candidate already works here
    target_post  reserve_post NOT NULL,
    entered_on   DATE NOT NULL,
    status       reserve_status NOT NULL DEFAULT '在库',
    left_on      DATE,
    CHECK (entered_on > birth_date),
    CHECK (left_on IS NULL OR left_on >= entered_on),
    CHECK ((status = '在库') = (left_on IS NULL))
);

CREATE TABLE trainings (
    training_id BIGINT PRIMARY KEY,
    worker_id   VARCHAR NOT NULL REFERENCES workers (worker_id),
    programme   training_programme NOT NULL,
    start_date  DATE NOT NULL,
    hours       DECIMAL(5, 1) NOT NULL CHECK (hours > 0 AND hours <= 500),
    result      training_result NOT NULL
);

CREATE TABLE assessment_weights (
    role_category role_category PRIMARY KEY,
    w_routine     DECIMAL(3, 2) NOT NULL,
    w_annual      DECIMAL(3, 2) NOT NULL,
    w_client      DECIMAL(3, 2) NOT NULL,
    CHECK (w_routine + w_annual + w_client = 1)
);

-- 平时考核 + 年度考核 + 服务对象评价; the template (weights) follows the role category.
CREATE TABLE assessments (
    worker_id     VARCHAR NOT NULL REFERENCES workers (worker_id),
    year          INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    role_category role_category NOT NULL,
    routine_score DECIMAL(4, 1) NOT NULL CHECK (routine_score BETWEEN 0 AND 100),
    annual_score  DECIMAL(4, 1) NOT NULL CHECK (annual_score BETWEEN 0 AND 100),
    client_score  DECIMAL(4, 1) NOT NULL CHECK (client_score BETWEEN 0 AND 100),
    grade         assessment_grade NOT NULL,
    PRIMARY KEY (worker_id, year)
);

CREATE TABLE partners (
    partner_id VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL CHECK (length(trim(name)) > 0),
    type       partner_type NOT NULL,
    subtype    partner_subtype NOT NULL,
    joined_on  DATE NOT NULL,
    exited_on  DATE,
    recruitment_channel recruitment_channel,   -- 线上 / 线下 (version 6); NULL: not recorded
    CHECK (exited_on IS NULL OR exited_on >= joined_on)
);

CREATE TABLE partner_communities (
    partner_id   VARCHAR NOT NULL REFERENCES partners (partner_id),
    community_id VARCHAR NOT NULL REFERENCES regions (region_id),
    PRIMARY KEY (partner_id, community_id)
);

-- 三维评价 each quarter: 居民评价, 社区考核, 行业评议.
CREATE TABLE partner_evaluations (
    partner_id      VARCHAR NOT NULL REFERENCES partners (partner_id),
    year            INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    quarter         TINYINT NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    resident_score  DECIMAL(4, 1) NOT NULL CHECK (resident_score BETWEEN 0 AND 100),
    community_score DECIMAL(4, 1) NOT NULL CHECK (community_score BETWEEN 0 AND 100),
    industry_score  DECIMAL(4, 1) NOT NULL CHECK (industry_score BETWEEN 0 AND 100),
    w_resident      DECIMAL(3, 2) NOT NULL,
    w_community     DECIMAL(3, 2) NOT NULL,
    w_industry      DECIMAL(3, 2) NOT NULL,
    total_score     DECIMAL(5, 2) NOT NULL CHECK (total_score BETWEEN 0 AND 100),
    honour          partner_honour,
    PRIMARY KEY (partner_id, year, quarter),
    CHECK (w_resident + w_community + w_industry = 1),
    CHECK (abs(total_score - (resident_score * w_resident + community_score * w_community
                              + industry_score * w_industry)) <= 0.01)
);

-- 民生难题 / 诉求
CREATE TABLE livelihood_issues (
    issue_id     BIGINT PRIMARY KEY,
    community_id VARCHAR NOT NULL REFERENCES regions (region_id),
    category     issue_category NOT NULL,
    source       issue_source NOT NULL,
    raised_on    DATE NOT NULL,
    resolved_on  DATE,
    status       issue_status NOT NULL,
    partner_id   VARCHAR REFERENCES partners (partner_id),
    grid_id      VARCHAR REFERENCES regions (region_id),   -- version 6
    CHECK (grid_id IS NULL OR starts_with(grid_id, community_id)),
    CHECK (resolved_on IS NULL OR resolved_on >= raised_on),
    CHECK ((status = '已解决') = (resolved_on IS NOT NULL))
);

-- 微心愿
CREATE TABLE wishes (
    wish_id      BIGINT PRIMARY KEY,
    community_id VARCHAR NOT NULL REFERENCES regions (region_id),
    wish_group   wish_group NOT NULL,
    raised_on    DATE NOT NULL,
    claimed_on   DATE,
    fulfilled_on DATE,
    partner_id   VARCHAR REFERENCES partners (partner_id),
    status       wish_status NOT NULL,
    grid_id      VARCHAR REFERENCES regions (region_id),   -- version 6
    CHECK (grid_id IS NULL OR starts_with(grid_id, community_id)),
    CHECK (claimed_on IS NULL OR claimed_on >= raised_on),
    CHECK (fulfilled_on IS NULL OR (claimed_on IS NOT NULL AND fulfilled_on >= claimed_on)),
    -- The CASE's text cast to the ENUM: PostgreSQL compares an ENUM with text only after a cast.
    CHECK (status = CAST(CASE WHEN fulfilled_on IS NOT NULL THEN '已完成'
                              WHEN claimed_on IS NOT NULL THEN '已认领' ELSE '待认领' END AS wish_status))
);

-- 初心储蓄本: one account per resident; ledger rows earn (+) or redeem (−) points.
CREATE TABLE point_accounts (
    account_id   VARCHAR PRIMARY KEY,
    -- Not a foreign key (version 3): an account with ledger rows can change community.
    community_id VARCHAR NOT NULL,
    holder_name  VARCHAR NOT NULL,
    phone        VARCHAR CHECK (phone IS NULL OR regexp_full_match(phone, '1[3-9][0-9]{9}')),
    opened_on    DATE NOT NULL
);

CREATE TABLE points_ledger (
    entry_id     BIGINT PRIMARY KEY,
    account_id   VARCHAR NOT NULL REFERENCES point_accounts (account_id),
    -- A copy of the account's community for fast region filters. Not a foreign key: at
    -- province scale (16M rows) a second key check doubles load time; the importer and the
    -- data-quality rule `ledger_community_mismatch` keep it equal to the account's.
    community_id VARCHAR NOT NULL,
    entry_date   DATE NOT NULL,
    points       INTEGER NOT NULL CHECK (points <> 0 AND points BETWEEN -10000 AND 10000),
    item         VARCHAR NOT NULL   -- the activity earned for, or the goods redeemed
);

-- === Version 6 ===================================================================================

-- 党员中心户: a party member's household that keeps in touch with the households around it, in a grid.
CREATE TABLE party_households (
    household_id      VARCHAR PRIMARY KEY,
    grid_id           VARCHAR NOT NULL REFERENCES regions (region_id),
    community_id      VARCHAR NOT NULL,   -- the grid's community (its first 12 digits), for region filters
    holder_name       VARCHAR NOT NULL CHECK (length(trim(holder_name)) > 0),
    phone             VARCHAR CHECK (phone IS NULL OR regexp_full_match(phone, '1[3-9][0-9]{9}')),
    linked_households INTEGER NOT NULL DEFAULT 0 CHECK (linked_households BETWEEN 0 AND 500),
    designated_on     DATE NOT NULL,
    ended_on          DATE,
    CHECK (length(grid_id) = 15 AND community_id = left(grid_id, 12)),
    CHECK (ended_on IS NULL OR ended_on >= designated_on)
);

-- 服务供给清单 (partners' offers) and 社区服务清单 (departments' 十进社区 services): what is on offer,
-- in which category, for how many people per period, and where.
CREATE TABLE service_supplies (
    supply_id     VARCHAR PRIMARY KEY,
    name          VARCHAR NOT NULL CHECK (length(trim(name)) > 0),
    list          supply_list NOT NULL,
    partner_id    VARCHAR REFERENCES partners (partner_id),
    provider_name VARCHAR NOT NULL CHECK (length(trim(provider_name)) > 0),
    category      need_category NOT NULL,
    capacity      INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 100000),   -- people or times per year
    starts_on     DATE NOT NULL,
    ends_on       DATE,
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);

CREATE TABLE supply_communities (
    supply_id    VARCHAR NOT NULL REFERENCES service_supplies (supply_id),
    community_id VARCHAR NOT NULL REFERENCES regions (region_id),
    PRIMARY KEY (supply_id, community_id)
);

-- 居民需求清单: a need raised by a resident (or found on a grid visit), matched with a supply item.
CREATE TABLE resident_needs (
    need_id      BIGINT PRIMARY KEY,
    community_id VARCHAR NOT NULL REFERENCES regions (region_id),
    grid_id      VARCHAR REFERENCES regions (region_id),
    need_group   wish_group NOT NULL,   -- 一老 / 一小 / 一困 / 其他
    category     need_category NOT NULL,
    source       need_source NOT NULL,
    raised_on    DATE NOT NULL,
    matched_on   DATE,
    met_on       DATE,
    supply_id    VARCHAR REFERENCES service_supplies (supply_id),
    status       need_status NOT NULL,
    CHECK (grid_id IS NULL OR starts_with(grid_id, community_id)),
    CHECK (matched_on IS NULL OR matched_on >= raised_on),
    CHECK (met_on IS NULL OR (matched_on IS NOT NULL AND met_on >= matched_on)),
    CHECK (status = CAST(CASE WHEN met_on IS NOT NULL THEN '已满足'
                              WHEN matched_on IS NOT NULL THEN '已匹配' ELSE '待匹配' END AS need_status))
);

-- 兴村治社好书记工作室: a studio led by an outstanding secretary.
CREATE TABLE studios (
    studio_id    VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL CHECK (length(trim(name)) > 0),
    community_id VARCHAR NOT NULL REFERENCES regions (region_id),
    leader_id    VARCHAR REFERENCES workers (worker_id),
    founded_on   DATE NOT NULL,
    closed_on    DATE,
    CHECK (closed_on IS NULL OR closed_on >= founded_on)
);

-- 跟班实训: a reserve candidate (or a worker) placed with a studio or a host community, in a batch.
CREATE TABLE shadow_placements (
    placement_id      BIGINT PRIMARY KEY,
    candidate_id      VARCHAR REFERENCES reserve_candidates (candidate_id),
    worker_id         VARCHAR REFERENCES workers (worker_id),
    studio_id         VARCHAR REFERENCES studios (studio_id),
    host_community_id VARCHAR NOT NULL REFERENCES regions (region_id),
    batch             INTEGER NOT NULL CHECK (batch BETWEEN 1 AND 100),
    started_on        DATE NOT NULL,
    ended_on          DATE,
    CHECK (candidate_id IS NOT NULL OR worker_id IS NOT NULL),
    CHECK (ended_on IS NULL OR ended_on >= started_on)
);

-- 治理沙龙: one session, held for a district or a street.
CREATE TABLE salons (
    salon_id   BIGINT PRIMARY KEY,
    title      VARCHAR NOT NULL CHECK (length(trim(title)) > 0),
    region_id  VARCHAR NOT NULL REFERENCES regions (region_id),
    held_on    DATE NOT NULL,
    attendance INTEGER NOT NULL CHECK (attendance BETWEEN 0 AND 5000)
);

-- 跨岗位 / 跨社区锻炼: a worker serving a spell in another post or another community.
CREATE TABLE rotations (
    rotation_id       BIGINT PRIMARY KEY,
    worker_id         VARCHAR NOT NULL REFERENCES workers (worker_id),
    kind              rotation_kind NOT NULL,
    host_community_id VARCHAR NOT NULL REFERENCES regions (region_id),
    host_post         VARCHAR,
    started_on        DATE NOT NULL,
    ended_on          DATE,
    CHECK (ended_on IS NULL OR ended_on >= started_on)
);

-- The training base: 现场教学点 (a community), 合作院校, 师资库, 特色课程 and 精品专题 (a district's).
CREATE TABLE training_resources (
    resource_id    VARCHAR PRIMARY KEY,
    kind           resource_kind NOT NULL,
    name           VARCHAR NOT NULL CHECK (length(trim(name)) > 0),
    region_id      VARCHAR NOT NULL REFERENCES regions (region_id),
    members        INTEGER CHECK (members >= 0),   -- a teacher pool's teachers; NULL elsewhere
    established_on DATE NOT NULL,
    ended_on       DATE,
    CHECK (ended_on IS NULL OR ended_on >= established_on)
);

-- 胜任力测评: the competency model (configurable) and each worker's score per dimension and round.
CREATE TABLE competency_dimensions (
    dimension_id  VARCHAR PRIMARY KEY,
    name_zh       VARCHAR NOT NULL,
    name_en       VARCHAR NOT NULL,
    display_order INTEGER NOT NULL,
    threshold     DECIMAL(4, 1) NOT NULL CHECK (threshold BETWEEN 0 AND 100),
    programme     training_programme   -- the programme that addresses a weakness in it
);

CREATE TABLE competency_scores (
    worker_id    VARCHAR NOT NULL REFERENCES workers (worker_id),
    dimension_id VARCHAR NOT NULL REFERENCES competency_dimensions (dimension_id),
    assessed_on  DATE NOT NULL,
    score        DECIMAL(4, 1) NOT NULL CHECK (score BETWEEN 0 AND 100),
    PRIMARY KEY (worker_id, dimension_id, assessed_on)
);

-- 借调: a department or street borrowing a community worker (the rule is: none may).
CREATE TABLE secondments (
    secondment_id BIGINT PRIMARY KEY,
    worker_id     VARCHAR NOT NULL REFERENCES workers (worker_id),
    borrower      VARCHAR NOT NULL CHECK (length(trim(borrower)) > 0),
    borrower_kind borrower_kind NOT NULL,
    started_on    DATE NOT NULL,
    ended_on      DATE,
    CHECK (ended_on IS NULL OR ended_on >= started_on)
);

-- 考核结果运用: what an annual assessment led to (a worker may have several outcomes in a year).
CREATE TABLE assessment_outcomes (
    worker_id  VARCHAR NOT NULL REFERENCES workers (worker_id),
    year       INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    outcome    assessment_outcome NOT NULL,
    decided_on DATE NOT NULL,
    PRIMARY KEY (worker_id, year, outcome)
);

-- Import log. Undo data for a batch lives in import_undo as JSON rows.
CREATE TABLE import_batches (
    batch_id       INTEGER PRIMARY KEY,
    file_name      VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    imported_at    TIMESTAMP NOT NULL,
    table_name     VARCHAR NOT NULL,
    mode           import_mode NOT NULL,
    rows_new       INTEGER NOT NULL,
    rows_updated   INTEGER NOT NULL,
    rows_unchanged INTEGER NOT NULL,
    rows_rejected  INTEGER NOT NULL,
    status         batch_status NOT NULL DEFAULT '已导入',
    undone_at      TIMESTAMP,
    rows_deleted   INTEGER NOT NULL DEFAULT 0   -- replace mode: rows the file no longer has (version 2)
);

-- What a batch changed, so that it can be undone exactly (version 2): the key of each row it
-- inserted; the whole previous row, as JSON, of each row it updated or deleted. Since version 3 a
-- run of inserted keys (W0000001 … W1000000) is one row 'inserted_range': row_key is the first key,
-- row_data the JSON {prefix, width, lo, hi} (key = prefix || lpad(n, width, '0'), n = lo … hi), so
-- that a million-row load does not write a million undo rows (cgw/ingest/importer/load.py).
CREATE TABLE import_undo (
    batch_id   INTEGER NOT NULL,
    action     VARCHAR NOT NULL CHECK (action IN ('inserted', 'inserted_range', 'updated', 'deleted')),
    row_key    VARCHAR NOT NULL,
    row_data   VARCHAR,
    table_name VARCHAR   -- NULL: the batch's own table; else the table of a related row (version 4)
);

-- Saved import profiles (version 4): how an office's files map onto a table, reused next time.
-- mapping is JSON {"columns": {file header: column or ""}, "values": {column: {value: stored value or ""}}}.
CREATE TABLE import_profiles (
    name       VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL,
    mapping    VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (name, table_name)
);

-- Accounts, sessions and the audit trail (version 5; cgw/storage/accounts.py holds every statement
-- that reads or writes them). Plain SQL that PostgreSQL accepts as it is.
-- An account is bound to a region subtree (region_id NULL: the whole database); its role is one
-- of cgw/domain/access.py's. Passwords are argon2id hashes; 5 failed logins lock it for 15 minutes.
CREATE TABLE user_accounts (
    name          VARCHAR PRIMARY KEY,
    role          VARCHAR NOT NULL CHECK (role IN ('viewer', 'analyst', 'presenter', 'admin', 'auditor')),
    region_id     VARCHAR,
    password_hash VARCHAR NOT NULL,
    must_change   BOOLEAN NOT NULL DEFAULT FALSE,   -- a temporary password: change it at first login
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    created_by    VARCHAR,
    last_login    TIMESTAMP
);

-- A signed-in browser: the SHA-256 of its random token (the token itself is only in its cookie).
CREATE TABLE user_sessions (
    token_hash VARCHAR PRIMARY KEY,
    user_name  VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen  TIMESTAMP NOT NULL,
    client     VARCHAR
);

-- The audit trail: append-only. Nothing in the program updates or deletes an entry (retention
-- alone removes the oldest ones, and says so in an entry of its own). Each entry carries the
-- SHA-256 of its content and of the entry before it (a hash chain): an entry changed, removed
-- or inserted afterwards breaks the chain, and cgw/storage/accounts.verify_audit names where.
CREATE TABLE audit_log (
    seq       BIGINT PRIMARY KEY,
    logged_at TIMESTAMP NOT NULL,
    actor     VARCHAR NOT NULL,
    role      VARCHAR,
    action    VARCHAR NOT NULL,
    target    VARCHAR,
    region_id VARCHAR,
    outcome   VARCHAR NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
    client    VARCHAR,
    detail    VARCHAR,
    prev_hash VARCHAR NOT NULL,
    hash      VARCHAR NOT NULL UNIQUE
);

-- Who imported a batch and within which region: an analyst may undo the batches of her scope.
CREATE TABLE import_batch_owners (
    batch_id  INTEGER PRIMARY KEY,
    user_name VARCHAR NOT NULL,
    region_id VARCHAR
);
