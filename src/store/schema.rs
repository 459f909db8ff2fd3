//! The store's tables. A new schema gets a new version; `Store::open` refuses a store of a
//! version it does not know rather than guessing.

pub const VERSION: i64 = 3;

/// Version 1, which [`UPGRADE_FROM_1`] brings to 2.
pub const CREATE: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sweeps (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    orgs_file TEXT NOT NULL,
    orgs_digest TEXT NOT NULL,
    shard TEXT,
    settings TEXT NOT NULL,
    problems TEXT NOT NULL,
    planned INTEGER NOT NULL,
    tool_version TEXT NOT NULL
);
CREATE TABLE organisations (
    sweep INTEGER NOT NULL REFERENCES sweeps(id),
    position INTEGER NOT NULL,
    id TEXT NOT NULL,
    item TEXT NOT NULL,
    PRIMARY KEY (sweep, id)
);
CREATE TABLE owners (
    sweep INTEGER NOT NULL,
    domain TEXT NOT NULL,
    organisation TEXT NOT NULL,
    PRIMARY KEY (sweep, domain, organisation)
);
CREATE TABLE explanations (
    sweep INTEGER NOT NULL REFERENCES sweeps(id),
    position INTEGER NOT NULL,
    organisation TEXT NOT NULL,
    item TEXT NOT NULL
);
CREATE TABLE domains (
    sweep INTEGER NOT NULL REFERENCES sweeps(id),
    name TEXT NOT NULL,
    found_via TEXT NOT NULL,
    started_at TEXT NOT NULL,
    elapsed_ms INTEGER NOT NULL,
    facts BLOB NOT NULL,
    findings BLOB NOT NULL,
    PRIMARY KEY (sweep, name)
);
CREATE TABLE findings (
    sweep INTEGER NOT NULL,
    domain TEXT NOT NULL,
    check_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    status TEXT NOT NULL,
    level TEXT NOT NULL,
    standard TEXT NOT NULL,
    outcome TEXT NOT NULL,
    blocks INTEGER NOT NULL
);
CREATE INDEX findings_by_domain ON findings (sweep, domain);
CREATE TABLE endpoints (
    sweep INTEGER NOT NULL,
    domain TEXT NOT NULL,
    host TEXT NOT NULL,
    address TEXT NOT NULL,
    port INTEGER NOT NULL,
    transport TEXT NOT NULL,
    shared_with TEXT
);
CREATE INDEX endpoints_by_domain ON endpoints (sweep, domain);
CREATE TABLE discovered (
    sweep INTEGER NOT NULL,
    domain TEXT NOT NULL,
    position INTEGER NOT NULL,
    host TEXT NOT NULL,
    item TEXT NOT NULL
);
";

/// From version 1: a domain may be observed more than once (a retry after errors); the
/// latest attempt is the domain's row, the earlier ones are kept in `attempts`.
pub const UPGRADE_FROM_1: &str = "
ALTER TABLE domains ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1;
CREATE TABLE attempts (
    sweep INTEGER NOT NULL,
    name TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    elapsed_ms INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    facts BLOB NOT NULL,
    findings BLOB NOT NULL,
    PRIMARY KEY (sweep, name, attempt)
);
UPDATE meta SET value = '2' WHERE key = 'schema_version';
";

/// From version 2: the requests of `pastoe serve` (internet.nl's batch API), each a sweep of
/// this store once it has started; `user` sees only their own.
pub const UPGRADE_FROM_2: &str = "
CREATE TABLE batch_requests (
    request_id TEXT PRIMARY KEY,
    user TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    domains TEXT NOT NULL,
    status TEXT NOT NULL,
    submit_date TEXT NOT NULL,
    finished_date TEXT,
    sweep INTEGER REFERENCES sweeps(id)
);
UPDATE meta SET value = '3' WHERE key = 'schema_version';
";
