-- Test fixture: a database at schema version 5, as commit 20c18d5 made one: the ENUM types of its
-- cgw/domain/__init__.py (what schema.enum_ddl() created then), and its data/schema.sql, unchanged
-- below the second marker. tests/cgw/storage/test_schema.py builds a version-5 database from it
-- (DuckDB and PostgreSQL) and migrates it to version 6.

-- ENUM types at version 5:

CREATE TYPE region_level AS ENUM ('province', 'city', 'district', 'street', 'community');
CREATE TYPE gender AS ENUM ('男', '女');
CREATE TYPE political_status AS ENUM ('中共党员', '中共预备党员', '共青团员', '民革党员', '民盟盟员', '民建会员', '民进会员', '农工党党员', '致公党党员', '九三学社社员', '台盟盟员', '无党派人士', '群众');
CREATE TYPE education AS ENUM ('研究生', '本科', '大专', '中专·高中', '初中及以下');
CREATE TYPE role_category AS ENUM ('社区正职', '社区副职', '一般社区工作者', '楼宇专职工作者');
CREATE TYPE post_title AS ENUM ('书记兼主任', '书记', '主任', '副书记', '副主任', '两委委员', '社区专职工作者', '楼宇专职工作者');
CREATE TYPE hire_source AS ENUM ('公开招聘', '随缺随补', '周转调剂', '选举', '其他');
CREATE TYPE worker_status AS ENUM ('在岗', '调离', '退出', '退休');
CREATE TYPE exit_reason AS ENUM ('个人辞职', '合同期满未续聘', '考录公务员或事业编制', '提拔为科级干部', '工作调动', '退休', '连续两年考核不合格', '玩忽职守推诿扯皮', '违反廉洁纪律', '严重违反工作纪律', '受到刑事处罚', '其他负面清单情形');
CREATE TYPE certificate_level AS ENUM ('助理社会工作师', '社会工作师', '高级社会工作师');
CREATE TYPE secretary_grade AS ENUM ('一等', '二等', '三等');
CREATE TYPE reserve_post AS ENUM ('正职', '副职', '两委成员');
CREATE TYPE reserve_status AS ENUM ('在库', '已使用', '已出库');
CREATE TYPE training_programme AS ENUM ('适岗初任', '青雁成长', '头雁领航', '社会工作者专题班', '现场教学', '治理沙龙');
CREATE TYPE training_result AS ENUM ('优秀', '合格', '不合格');
CREATE TYPE assessment_grade AS ENUM ('优秀', '称职', '基本称职', '不称职');
CREATE TYPE partner_type AS ENUM ('机关单位', '市场主体', '社会力量');
CREATE TYPE partner_subtype AS ENUM ('职能部门', '驻区单位', '企业', '爱心商铺', '行业协会', '人才工作室', '志愿服务队', '个人');
CREATE TYPE partner_honour AS ENUM ('优秀幸福合伙人', '星级服务商户');
CREATE TYPE issue_category AS ENUM ('环境卫生', '物业管理', '设施维修', '停车交通', '养老服务', '托育教育', '就业帮扶', '矛盾纠纷', '安全隐患', '其他');
CREATE TYPE issue_source AS ENUM ('联席会议', '网格走访', '12345热线', '问卷调查', '议事座谈', '居民来访');
CREATE TYPE issue_status AS ENUM ('待办理', '办理中', '已解决');
CREATE TYPE wish_group AS ENUM ('一老', '一小', '一困', '其他');
CREATE TYPE wish_status AS ENUM ('待认领', '已认领', '已完成');
CREATE TYPE import_mode AS ENUM ('append', 'upsert', 'replace');
CREATE TYPE batch_status AS ENUM ('已导入', '已撤销');
CREATE TYPE ethnicity AS ENUM ('汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族', '朝鲜族', '满族', '侗族', '瑶族', '白族', '土家族', '哈尼族', '哈萨克族', '傣族', '黎族', '傈僳族', '佤族', '畲族', '高山族', '拉祜族', '水族', '东乡族', '纳西族', '景颇族', '柯尔克孜族', '土族', '达斡尔族', '仫佬族', '羌族', '布朗族', '撒拉族', '毛南族', '仡佬族', '锡伯族', '阿昌族', '普米族', '塔吉克族', '怒族', '乌孜别克族', '俄罗斯族', '鄂温克族', '德昂族', '保安族', '裕固族', '京族', '塔塔尔族', '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族');

-- data/schema.sql at version 5:

-- Community-governance workforce schema, version 4.
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

CREATE TABLE dataset_info (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE regions (
    region_id VARCHAR PRIMARY KEY CHECK (regexp_full_match(region_id, '[0-9]{2,12}')),
    name      VARCHAR NOT NULL CHECK (length(trim(name)) > 0),
    level     region_level NOT NULL,
    parent_id VARCHAR REFERENCES regions (region_id),
    CHECK (parent_id IS NULL OR (starts_with(region_id, parent_id) AND length(region_id) > length(parent_id))),
    CHECK (length(region_id) = CASE level WHEN 'province' THEN 2 WHEN 'city' THEN 4 WHEN 'district' THEN 6
                                          WHEN 'street' THEN 9 ELSE 12 END)
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
