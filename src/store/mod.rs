//! The embedded store of sweeps: one SQLite file (WAL) holding per sweep the organisations,
//! the explanations in force, and per domain its facts, its findings and an index of both.
//!
//! A domain is written in one transaction when it finishes, so a killed sweep loses at most
//! the domains in flight and `--resume` redoes exactly those. Facts and findings are kept as
//! compressed JSON, as observed and as judged; the `findings` and `endpoints` tables repeat
//! the few columns that history, diff and SQL users query.

mod requests;
mod schema;

pub use requests::{BatchKind, BatchRequestRow, BatchStatus};

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::discover::DiscoveredHost;
use crate::explain::Explanation;
use crate::facts::DomainFacts;
use crate::judge::finding::Finding;
use crate::targets::orgs::Organisation;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}: the disk is full; nothing written so far is lost: free space and run the same command with --resume"
    )]
    DiskFull { path: PathBuf },
    #[error("{path}: another pastoe process is writing to this store")]
    Locked { path: PathBuf },
    #[error("{path}: {message}")]
    Sqlite { path: PathBuf, message: String },
    #[error("{path}: not a pastoe store ({message})")]
    NotAStore { path: PathBuf, message: String },
    #[error(
        "{path}: store schema {found}, this pastoe reads schema {}",
        schema::VERSION
    )]
    Schema { path: PathBuf, found: i64 },
    #[error("{path}: there is no sweep {id}")]
    NoSweep { path: PathBuf, id: i64 },
    #[error("{path}: the store has no sweeps yet")]
    Empty { path: PathBuf },
    #[error("{path}: stored {what} of {domain} cannot be read: {message}")]
    Corrupt {
        path: PathBuf,
        domain: String,
        what: &'static str,
        message: String,
    },
    #[error("cannot open {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Where a sweep stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SweepStatus {
    /// Started and not finished: running now, or killed (then `--resume` continues it).
    Running,
    /// Stopped on an error (a full disk); `--resume` continues it.
    Stopped,
    Complete,
}

impl SweepStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SweepStatus::Running => "running",
            SweepStatus::Stopped => "stopped",
            SweepStatus::Complete => "complete",
        }
    }

    fn parse(text: &str) -> SweepStatus {
        match text {
            "complete" => SweepStatus::Complete,
            "stopped" => SweepStatus::Stopped,
            _ => SweepStatus::Running,
        }
    }
}

/// How a sweep judges: what must be equal for `--resume` to continue it, and what a report
/// from the store is judged under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SweepSettings {
    pub rule_set: String,
    pub rule_set_version: String,
    pub tls_rules: String,
    /// The NLGov REST API Design Rules version (`--adr-rules`); sweeps stored before it
    /// existed were judged under the default.
    #[serde(default = "default_adr_rules")]
    pub adr_rules: String,
    /// The `--only` selection; empty means every check.
    #[serde(default)]
    pub only: Vec<String>,
    /// The probe flags as given (`--ssh`, `--dkim-selector`, `--crawl` …), for the record.
    #[serde(default)]
    pub probes: Vec<String>,
}

fn default_adr_rules() -> String {
    crate::rules::DEFAULT_ADR_RULES.to_string()
}

/// What `begin_sweep` records.
#[derive(Debug, Clone)]
pub struct NewSweep<'a> {
    pub started_at: String,
    pub orgs_file: String,
    /// SHA-256 of the organisations file: `--resume` refuses another list.
    pub orgs_digest: String,
    /// `K/N` when this sweep is one shard of a larger one.
    pub shard: Option<String>,
    pub settings: &'a SweepSettings,
    /// Rows of the organisations file that were skipped, as `file:line: problem`.
    pub problems: &'a [String],
    pub organisations: &'a [Organisation],
    pub explanations: &'a [Explanation],
    /// Distinct domains the sweep will scan.
    pub planned: usize,
}

/// One row of `pastoe history`.
#[derive(Debug, Clone, Serialize)]
pub struct SweepRow {
    pub id: i64,
    pub started_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    pub status: SweepStatus,
    pub orgs_file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
    pub settings: SweepSettings,
    pub problems: Vec<String>,
    pub organisations: usize,
    pub planned: usize,
    pub done: usize,
    /// Findings of required checks that failed or could not be judged.
    pub failing: usize,
    pub errors: usize,
    orgs_digest: String,
}

impl SweepRow {
    pub fn orgs_digest(&self) -> &str {
        &self.orgs_digest
    }
}

/// An organisation as the sweep saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredOrganisation {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub org_type: String,
    pub tags: Vec<String>,
    pub domains: Vec<String>,
}

/// One finished domain, encoded off the writer thread so the writer only inserts.
#[derive(Debug, Clone)]
pub struct DomainRecord {
    pub name: String,
    /// How the domain came into the sweep: `listed`, or `www of gemeente.nl`.
    pub found_via: String,
    pub started_at: String,
    pub elapsed_ms: u64,
    /// Hosts found from this domain (only for listed domains).
    pub discovered: Vec<DiscoveredHost>,
    facts: Vec<u8>,
    findings: Vec<u8>,
    index: Vec<FindingRow>,
    endpoints: Vec<EndpointRow>,
}

#[derive(Debug, Clone)]
struct FindingRow {
    check: String,
    subject: String,
    status: &'static str,
    level: &'static str,
    standard: String,
    outcome: String,
    blocks: bool,
}

#[derive(Debug, Clone)]
struct EndpointRow {
    host: String,
    address: String,
    port: u16,
    transport: String,
    shared_with: Option<String>,
}

impl DomainRecord {
    pub fn new(
        facts: &DomainFacts,
        findings: &[Finding],
        found_via: &str,
        discovered: Vec<DiscoveredHost>,
        started_at: String,
        elapsed_ms: u64,
    ) -> DomainRecord {
        let index = findings
            .iter()
            .map(|f| FindingRow {
                check: f.check.clone(),
                subject: f.subject.clone(),
                status: f.status.as_str(),
                level: f.level.as_str(),
                standard: f.standard.clone(),
                outcome: f.outcome.clone(),
                blocks: f.blocks_compliance(),
            })
            .collect();
        let web = facts.web.tls.iter();
        let mail = facts.mail_servers.iter().flat_map(|m| m.tls.iter());
        let endpoints = web
            .chain(mail)
            .map(|e| EndpointRow {
                host: e.host.clone(),
                address: e.address.to_string(),
                port: e.port,
                transport: serde_json::to_value(e.transport)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                shared_with: e.shared_with.clone(),
            })
            .collect();
        DomainRecord {
            name: facts.domain.clone(),
            found_via: found_via.to_string(),
            started_at,
            elapsed_ms,
            discovered,
            facts: compress(facts),
            findings: compress(&findings),
            index,
            endpoints,
        }
    }
}

impl DomainRecord {
    /// Findings that could not be judged (a probe error).
    pub fn errors(&self) -> usize {
        self.index.iter().filter(|f| f.status == "error").count()
    }
}

/// JSON, deflated: facts compress about ninefold and findings fivefold.
fn compress<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing into a Vec cannot fail and our types always serialise.
    let _ = serde_json::to_writer(&mut encoder, value);
    encoder.finish().unwrap_or_default()
}

fn decompress<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, String> {
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut text)
        .map_err(|e| e.to_string())?;
    serde_json::from_slice(&text).map_err(|e| e.to_string())
}

/// An open store. Only one process writes to a store at a time (an advisory lock on the
/// file); readers (`history`, `report`) may open it beside a running sweep.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    // Held for the lifetime of a writing store; the lock goes with the handle.
    _lock: Option<std::fs::File>,
}

impl Store {
    /// Open or create a store for writing (a sweep, a merge).
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let lock = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(|source| StoreError::Io {
                path: path.to_path_buf(),
                source,
            })?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(StoreError::Locked {
                    path: path.to_path_buf(),
                });
            }
            Err(std::fs::TryLockError::Error(source)) => {
                return Err(StoreError::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
        }
        let mut store = Store::connect(path, Some(lock))?;
        store.migrate()?;
        Ok(store)
    }

    /// Open or create a store without the writer's lock, for the request book of `pastoe
    /// serve`: its requests are written beside the one sweep the service runs at a time
    /// (which holds the lock), and SQLite orders the two writers.
    pub fn open_unlocked(path: &Path) -> Result<Store, StoreError> {
        let mut store = Store::connect(path, None)?;
        store.migrate()?;
        Ok(store)
    }

    /// Open an existing store to read it.
    pub fn open_read(path: &Path) -> Result<Store, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
            });
        }
        let store = Store::connect(path, None)?;
        let version = store.schema_version()?;
        if version != schema::VERSION {
            return Err(StoreError::Schema {
                path: path.to_path_buf(),
                found: version,
            });
        }
        Ok(store)
    }

    fn connect(path: &Path, lock: Option<std::fs::File>) -> Result<Store, StoreError> {
        let conn = Connection::open(path).map_err(|e| sqlite_error(path, e))?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
            _lock: lock,
        };
        // WAL: readers beside the writer, and a commit per domain is one append. NORMAL
        // sync in WAL mode keeps every committed domain across a process kill.
        store
            .conn
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;",
            )
            .map_err(|e| store.classify(e))?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn classify(&self, error: rusqlite::Error) -> StoreError {
        sqlite_error(&self.path, error)
    }

    fn schema_version(&self) -> Result<i64, StoreError> {
        let has_meta: bool = self
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
                [],
                |row| row.get::<_, i64>(0),
            )
            .map(|n| n > 0)
            .map_err(|e| not_a_store(&self.path, e))?;
        if !has_meta {
            return Ok(0);
        }
        self.conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'schema_version'",
                [],
                |row| row.get::<_, String>(0),
            )
            .optional()
            .map_err(|e| not_a_store(&self.path, e))
            .map(|v| v.and_then(|v| v.parse().ok()).unwrap_or(0))
    }

    /// Brings the store to [`schema::VERSION`] one step at a time, each step in one
    /// transaction; a new store takes every step, so each table is written down once.
    fn migrate(&mut self) -> Result<(), StoreError> {
        loop {
            let step = match self.schema_version()? {
                0 => format!(
                    "{} INSERT INTO meta (key, value) VALUES ('schema_version', '1');",
                    schema::CREATE
                ),
                1 => schema::UPGRADE_FROM_1.to_string(),
                2 => schema::UPGRADE_FROM_2.to_string(),
                v if v == schema::VERSION => return Ok(()),
                found => {
                    return Err(StoreError::Schema {
                        path: self.path.clone(),
                        found,
                    });
                }
            };
            self.conn
                .execute_batch(&format!("BEGIN; {step} COMMIT;"))
                .map_err(|e| sqlite_error(&self.path, e))?;
        }
    }

    /// Record a new sweep and everything it is judged with; returns its id.
    pub fn begin_sweep(&mut self, sweep: &NewSweep<'_>) -> Result<i64, StoreError> {
        let path = self.path.clone();
        let err = |e| sqlite_error(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute(
            "INSERT INTO sweeps (started_at, status, orgs_file, orgs_digest, shard, settings, problems, planned, tool_version)
             VALUES (?1, 'running', ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                sweep.started_at,
                sweep.orgs_file,
                sweep.orgs_digest,
                sweep.shard,
                json(sweep.settings),
                json(sweep.problems),
                sweep.planned as i64,
                env!("CARGO_PKG_VERSION"),
            ],
        )
        .map_err(err)?;
        let id = tx.last_insert_rowid();
        insert_organisations(
            &tx,
            id,
            sweep.organisations.iter().map(|o| StoredOrganisation {
                id: o.id.clone(),
                name: o.name.clone(),
                org_type: o.org_type.to_string(),
                tags: o.tags.clone(),
                domains: o.domains.iter().map(|d| d.to_string()).collect(),
            }),
        )
        .map_err(err)?;
        insert_explanations(&tx, id, sweep.explanations.iter()).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(id)
    }

    /// Record a sweep that judges the facts of sweep `from` again under `settings`: the
    /// same organisations, the explanations given (or `from`'s), its start (the day the
    /// facts were observed, which dated rules go by) and its status. The caller writes
    /// each domain, judged again, with `write_domain`. Its file column says where it came
    /// from (`judged again: sweep 3, orgs.csv`), as a merged sweep's names its shards.
    pub fn begin_judged_again(
        &mut self,
        from: &SweepRow,
        settings: &SweepSettings,
        explanations: Option<&[Explanation]>,
    ) -> Result<i64, StoreError> {
        let organisations = self.organisations(from.id)?;
        let explanations = match explanations {
            Some(given) => given.to_vec(),
            None => self.explanations(from.id)?,
        };
        let path = self.path.clone();
        let err = |e| sqlite_error(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute(
            "INSERT INTO sweeps (started_at, finished_at, status, orgs_file, orgs_digest, shard, settings, problems, planned, tool_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                from.started_at,
                from.finished_at,
                from.status.as_str(),
                format!("judged again: sweep {}, {}", from.id, from.orgs_file),
                from.orgs_digest,
                from.shard,
                json(settings),
                json(&from.problems),
                from.planned as i64,
                env!("CARGO_PKG_VERSION"),
            ],
        )
        .map_err(err)?;
        let id = tx.last_insert_rowid();
        insert_organisations(&tx, id, organisations.into_iter()).map_err(err)?;
        insert_explanations(&tx, id, explanations.iter()).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(id)
    }

    /// The newest sweep of this organisations file (and shard): `--resume` continues it
    /// unless it is complete.
    pub fn newest_of(
        &self,
        orgs_digest: &str,
        shard: Option<&str>,
    ) -> Result<Option<SweepRow>, StoreError> {
        Ok(self
            .sweeps()?
            .into_iter()
            .rev()
            .find(|s| s.orgs_digest == orgs_digest && s.shard.as_deref() == shard))
    }

    /// Domains of a sweep that are written already.
    pub fn done_domains(&self, sweep: i64) -> Result<HashSet<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT name FROM domains WHERE sweep = ?1")
            .map_err(|e| self.classify(e))?;
        let names = stmt
            .query_map([sweep], |row| row.get::<_, String>(0))
            .and_then(|rows| rows.collect::<Result<HashSet<_>, _>>())
            .map_err(|e| self.classify(e))?;
        Ok(names)
    }

    /// Domains of a sweep with at least one `error` finding in their latest attempt, with
    /// the number of attempts made, in the order they were written.
    pub fn errored_domains(&self, sweep: i64) -> Result<Vec<(String, u32)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT d.name, d.attempt FROM domains d WHERE d.sweep = ?1 AND EXISTS
                 (SELECT 1 FROM findings f WHERE f.sweep = d.sweep AND f.domain = d.name AND f.status = 'error')
                 ORDER BY d.rowid",
            )
            .map_err(|e| self.classify(e))?;
        stmt.query_map([sweep], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, u32>(1)?))
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(|e| self.classify(e))
    }

    /// How many times each written domain of a sweep was observed.
    pub fn attempts(&self, sweep: i64) -> Result<HashMap<String, u32>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT name, attempt FROM domains WHERE sweep = ?1")
            .map_err(|e| self.classify(e))?;
        stmt.query_map([sweep], |row| Ok((row.get(0)?, row.get(1)?)))
            .and_then(|rows| rows.collect::<Result<HashMap<_, _>, _>>())
            .map_err(|e| self.classify(e))
    }

    /// Write one finished domain: its facts, findings and index rows, all or nothing. A
    /// domain written before in this sweep is a new attempt: the earlier one moves to
    /// `attempts` (kept, not counted) and this one takes its place.
    pub fn write_domain(&mut self, sweep: i64, record: &DomainRecord) -> Result<(), StoreError> {
        let path = self.path.clone();
        let err = |e| sqlite_error(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let previous: Option<u32> = tx
            .query_row(
                "SELECT attempt FROM domains WHERE sweep = ?1 AND name = ?2",
                params![sweep, record.name],
                |row| row.get(0),
            )
            .optional()
            .map_err(err)?;
        if previous.is_some() {
            tx.execute(
                "INSERT INTO attempts (sweep, name, attempt, started_at, elapsed_ms, errors, facts, findings)
                 SELECT sweep, name, attempt, started_at, elapsed_ms,
                        (SELECT count(*) FROM findings f WHERE f.sweep = d.sweep AND f.domain = d.name AND f.status = 'error'),
                        facts, findings
                 FROM domains d WHERE sweep = ?1 AND name = ?2",
                params![sweep, record.name],
            )
            .map_err(err)?;
            for (table, key) in [
                ("domains", "name"),
                ("findings", "domain"),
                ("endpoints", "domain"),
                ("discovered", "domain"),
            ] {
                tx.execute(
                    &format!("DELETE FROM {table} WHERE sweep = ?1 AND {key} = ?2"),
                    params![sweep, record.name],
                )
                .map_err(err)?;
            }
        }
        tx.execute(
            "INSERT INTO domains (sweep, name, found_via, started_at, elapsed_ms, facts, findings, attempt)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                sweep,
                record.name,
                record.found_via,
                record.started_at,
                record.elapsed_ms as i64,
                record.facts,
                record.findings,
                previous.unwrap_or(0) + 1,
            ],
        )
        .map_err(err)?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO findings (sweep, domain, check_id, subject, status, level, standard, outcome, blocks)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .map_err(err)?;
            for f in &record.index {
                stmt.execute(params![
                    sweep,
                    record.name,
                    f.check,
                    f.subject,
                    f.status,
                    f.level,
                    f.standard,
                    f.outcome,
                    f.blocks
                ])
                .map_err(err)?;
            }
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO endpoints (sweep, domain, host, address, port, transport, shared_with)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(err)?;
            for e in &record.endpoints {
                stmt.execute(params![
                    sweep,
                    record.name,
                    e.host,
                    e.address,
                    e.port,
                    e.transport,
                    e.shared_with
                ])
                .map_err(err)?;
            }
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO discovered (sweep, domain, position, host, item) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(err)?;
            for (position, host) in record.discovered.iter().enumerate() {
                stmt.execute(params![
                    sweep,
                    record.name,
                    position as i64,
                    host.host,
                    json(host)
                ])
                .map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }

    /// Record where a sweep stands; `planned` grows when discovery adds domains.
    pub fn set_status(
        &mut self,
        sweep: i64,
        status: SweepStatus,
        finished_at: Option<&str>,
        planned: usize,
    ) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE sweeps SET status = ?2, finished_at = ?3, planned = max(planned, ?4) WHERE id = ?1",
                params![sweep, status.as_str(), finished_at, planned as i64],
            )
            .map(|_| ())
            .map_err(|e| self.classify(e))
    }

    /// Every sweep, oldest first, with its counts.
    pub fn sweeps(&self) -> Result<Vec<SweepRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT s.id, s.started_at, s.finished_at, s.status, s.orgs_file, s.orgs_digest, s.shard,
                        s.settings, s.problems, s.planned,
                        (SELECT count(*) FROM organisations o WHERE o.sweep = s.id),
                        (SELECT count(*) FROM domains d WHERE d.sweep = s.id),
                        (SELECT count(*) FROM findings f WHERE f.sweep = s.id AND f.blocks),
                        (SELECT count(*) FROM findings f WHERE f.sweep = s.id AND f.status = 'error')
                 FROM sweeps s ORDER BY s.id",
            )
            .map_err(|e| self.classify(e))?;
        let rows = stmt
            .query_map([], |row| {
                Ok(SweepRow {
                    id: row.get(0)?,
                    started_at: row.get(1)?,
                    finished_at: row.get(2)?,
                    status: SweepStatus::parse(&row.get::<_, String>(3)?),
                    orgs_file: row.get(4)?,
                    orgs_digest: row.get(5)?,
                    shard: row.get(6)?,
                    settings: serde_json::from_str(&row.get::<_, String>(7)?).map_err(|e| {
                        rusqlite::Error::FromSqlConversionFailure(
                            7,
                            rusqlite::types::Type::Text,
                            Box::new(e),
                        )
                    })?,
                    problems: serde_json::from_str(&row.get::<_, String>(8)?).unwrap_or_default(),
                    planned: row.get::<_, i64>(9)? as usize,
                    organisations: row.get::<_, i64>(10)? as usize,
                    done: row.get::<_, i64>(11)? as usize,
                    failing: row.get::<_, i64>(12)? as usize,
                    errors: row.get::<_, i64>(13)? as usize,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.classify(e))?;
        Ok(rows)
    }

    /// A sweep by id, or the newest one.
    pub fn sweep(&self, id: Option<i64>) -> Result<SweepRow, StoreError> {
        let sweeps = self.sweeps()?;
        match id {
            Some(id) => {
                sweeps
                    .into_iter()
                    .find(|s| s.id == id)
                    .ok_or_else(|| StoreError::NoSweep {
                        path: self.path.clone(),
                        id,
                    })
            }
            None => sweeps.into_iter().last().ok_or_else(|| StoreError::Empty {
                path: self.path.clone(),
            }),
        }
    }

    pub fn organisations(&self, sweep: i64) -> Result<Vec<StoredOrganisation>, StoreError> {
        self.items("organisations", sweep)
    }

    pub fn explanations(&self, sweep: i64) -> Result<Vec<Explanation>, StoreError> {
        self.items("explanations", sweep)
    }

    /// Every host discovery found in a sweep, by listed domain in the order found.
    pub fn discovered(&self, sweep: i64) -> Result<Vec<DiscoveredHost>, StoreError> {
        self.items("discovered", sweep)
    }

    /// The JSON items of a per-sweep table, in the order they were recorded.
    fn items<T: for<'de> Deserialize<'de>>(
        &self,
        table: &'static str,
        sweep: i64,
    ) -> Result<Vec<T>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT item FROM {table} WHERE sweep = ?1 ORDER BY rowid"
            ))
            .map_err(|e| self.classify(e))?;
        let items = stmt
            .query_map([sweep], |row| row.get::<_, String>(0))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.classify(e))?;
        items
            .iter()
            .map(|text| serde_json::from_str(text).map_err(|e| self.corrupt("", table, e)))
            .collect()
    }

    /// The judged findings of one domain, in the order they were judged; `None` when the
    /// sweep did not get to it.
    pub fn findings(&self, sweep: i64, domain: &str) -> Result<Option<Vec<Finding>>, StoreError> {
        self.blob(sweep, domain, "findings")?
            .map(|b| decompress(&b).map_err(|e| self.corrupt(domain, "findings", e)))
            .transpose()
    }

    /// The facts of one domain, as observed.
    pub fn facts(&self, sweep: i64, domain: &str) -> Result<Option<DomainFacts>, StoreError> {
        self.blob(sweep, domain, "facts")?
            .map(|b| decompress(&b).map_err(|e| self.corrupt(domain, "facts", e)))
            .transpose()
    }

    fn blob(
        &self,
        sweep: i64,
        domain: &str,
        column: &'static str,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {column} FROM domains WHERE sweep = ?1 AND name = ?2"),
                params![sweep, domain],
                |row| row.get::<_, Vec<u8>>(0),
            )
            .optional()
            .map_err(|e| self.classify(e))
    }

    /// Domains of a sweep that were written, with how they were found and their timing.
    pub fn domains(&self, sweep: i64) -> Result<Vec<DomainRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT name, found_via, started_at, elapsed_ms FROM domains WHERE sweep = ?1 ORDER BY rowid",
            )
            .map_err(|e| self.classify(e))?;
        let rows = stmt
            .query_map([sweep], |row| {
                Ok(DomainRow {
                    name: row.get(0)?,
                    found_via: row.get(1)?,
                    started_at: row.get(2)?,
                    elapsed_ms: row.get::<_, i64>(3)? as u64,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.classify(e))?;
        Ok(rows)
    }

    /// Copy the newest sweep of each `sources` store into one new sweep here: the shards of
    /// one measurement become one sweep. A domain two shards both scanned (a domain shared
    /// by organisations in different shards) is taken once, from the first store naming it.
    pub fn merge(&mut self, sources: &[PathBuf]) -> Result<MergeSummary, StoreError> {
        let mut inputs = Vec::with_capacity(sources.len());
        for path in sources {
            let store = Store::open_read(path)?;
            let sweep = store.sweep(None)?;
            inputs.push((store, sweep));
        }
        let first = inputs
            .first()
            .map(|(_, s)| s.clone())
            .ok_or_else(|| StoreError::Empty {
                path: self.path.clone(),
            })?;
        let mut problems = Vec::new();
        let mut organisations = Vec::new();
        let mut seen_orgs = HashSet::new();
        let mut explanations = Vec::new();
        let mut seen_explanations = HashSet::new();
        let mut planned = 0;
        for (store, sweep) in &inputs {
            problems.extend(sweep.problems.iter().cloned());
            planned += sweep.planned;
            for org in store.organisations(sweep.id)? {
                if seen_orgs.insert(org.id.clone()) {
                    organisations.push(org);
                }
            }
            for e in store.explanations(sweep.id)? {
                if seen_explanations.insert(json(&e)) {
                    explanations.push(e);
                }
            }
        }
        let started_at = inputs
            .iter()
            .map(|(_, s)| s.started_at.clone())
            .min()
            .unwrap_or_default();
        let finished_at = inputs
            .iter()
            .filter_map(|(_, s)| s.finished_at.clone())
            .max();
        let all_complete = inputs
            .iter()
            .all(|(_, s)| s.status == SweepStatus::Complete);
        let shards: Vec<String> = inputs.iter().filter_map(|(_, s)| s.shard.clone()).collect();
        let path = self.path.clone();
        let err = |e| sqlite_error(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute(
            "INSERT INTO sweeps (started_at, finished_at, status, orgs_file, orgs_digest, shard, settings, problems, planned, tool_version)
             VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?7, ?8, ?9)",
            params![
                started_at,
                finished_at,
                if all_complete { "complete" } else { "stopped" },
                format!("merged: {}", shards.join(", ")),
                first.orgs_digest,
                json(&first.settings),
                json(&problems),
                planned as i64,
                env!("CARGO_PKG_VERSION"),
            ],
        )
        .map_err(err)?;
        let id = tx.last_insert_rowid();
        insert_organisations(&tx, id, organisations.into_iter()).map_err(err)?;
        insert_explanations(&tx, id, explanations.iter()).map_err(err)?;
        let mut summary = MergeSummary {
            sweep: id,
            ..MergeSummary::default()
        };
        let mut taken = HashSet::new();
        for (i, (_, sweep)) in inputs.iter().enumerate() {
            let alias = format!("src{i}");
            tx.execute(
                "ATTACH DATABASE ?1 AS ?2",
                params![sources[i].to_string_lossy(), alias],
            )
            .map_err(err)?;
            let names: Vec<String> = {
                let mut stmt = tx
                    .prepare(&format!(
                        "SELECT name FROM {alias}.domains WHERE sweep = ?1"
                    ))
                    .map_err(err)?;
                stmt.query_map([sweep.id], |row| row.get::<_, String>(0))
                    .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
                    .map_err(err)?
            };
            for name in names {
                if !taken.insert(name.clone()) {
                    summary.duplicates += 1;
                    continue;
                }
                for (table, columns) in [
                    (
                        "domains",
                        "name, found_via, started_at, elapsed_ms, facts, findings, attempt",
                    ),
                    (
                        "attempts",
                        "name, attempt, started_at, elapsed_ms, errors, facts, findings",
                    ),
                    (
                        "findings",
                        "domain, check_id, subject, status, level, standard, outcome, blocks",
                    ),
                    (
                        "endpoints",
                        "domain, host, address, port, transport, shared_with",
                    ),
                    ("discovered", "domain, position, host, item"),
                ] {
                    let key = if matches!(table, "domains" | "attempts") {
                        "name"
                    } else {
                        "domain"
                    };
                    tx.execute(
                        &format!(
                            "INSERT INTO {table} (sweep, {columns}) SELECT ?1, {columns} FROM {alias}.{table} WHERE sweep = ?2 AND {key} = ?3"
                        ),
                        params![id, sweep.id, name],
                    )
                    .map_err(err)?;
                }
                summary.domains += 1;
            }
            summary.stores += 1;
        }
        tx.commit().map_err(err)?;
        for i in 0..inputs.len() {
            self.conn
                .execute("DETACH DATABASE ?1", [format!("src{i}")])
                .map_err(|e| self.classify(e))?;
        }
        Ok(summary)
    }

    fn corrupt(&self, domain: &str, what: &'static str, error: impl ToString) -> StoreError {
        StoreError::Corrupt {
            path: self.path.clone(),
            domain: domain.to_string(),
            what,
            message: error.to_string(),
        }
    }
}

/// What `merge` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MergeSummary {
    pub sweep: i64,
    pub stores: usize,
    pub domains: usize,
    /// Domains found in more than one store and taken once.
    pub duplicates: usize,
}

/// A written domain.
#[derive(Debug, Clone, Serialize)]
pub struct DomainRow {
    pub name: String,
    pub found_via: String,
    pub started_at: String,
    pub elapsed_ms: u64,
}

fn insert_organisations(
    tx: &rusqlite::Transaction<'_>,
    sweep: i64,
    organisations: impl Iterator<Item = StoredOrganisation>,
) -> rusqlite::Result<()> {
    let mut org_stmt = tx.prepare_cached(
        "INSERT INTO organisations (sweep, position, id, item) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut owner_stmt = tx.prepare_cached(
        "INSERT OR IGNORE INTO owners (sweep, domain, organisation) VALUES (?1, ?2, ?3)",
    )?;
    for (position, org) in organisations.enumerate() {
        org_stmt.execute(params![sweep, position as i64, org.id, json(&org)])?;
        for domain in &org.domains {
            owner_stmt.execute(params![sweep, domain, org.id])?;
        }
    }
    Ok(())
}

fn insert_explanations<'a>(
    tx: &rusqlite::Transaction<'_>,
    sweep: i64,
    explanations: impl Iterator<Item = &'a Explanation>,
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO explanations (sweep, position, organisation, item) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (position, e) in explanations.enumerate() {
        stmt.execute(params![sweep, position as i64, e.organisation, json(e)])?;
    }
    Ok(())
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn sqlite_error(path: &Path, error: rusqlite::Error) -> StoreError {
    let code = error.sqlite_error_code();
    match code {
        Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull {
            path: path.to_path_buf(),
        },
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotAStore {
            path: path.to_path_buf(),
            message: error.to_string(),
        },
        // SQLite's unix layer turns ENOSPC into SQLITE_FULL, also for the WAL file.
        _ => StoreError::Sqlite {
            path: path.to_path_buf(),
            message: error.to_string(),
        },
    }
}

fn not_a_store(path: &Path, error: rusqlite::Error) -> StoreError {
    StoreError::NotAStore {
        path: path.to_path_buf(),
        message: error.to_string(),
    }
}

/// SHA-256 of a file's bytes, hex: the identity of an organisations file for `--resume`.
pub fn digest(bytes: &[u8]) -> String {
    let hash = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, bytes);
    data_encoding::HEXLOWER.encode(hash.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(store: &Store, table: &str) -> Vec<String> {
        let mut stmt = store
            .conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn a_store_of_the_previous_schema_is_upgraded_keeping_its_domains() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.sqlite");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(schema::CREATE).unwrap();
            conn.execute_batch(
                "INSERT INTO meta VALUES ('schema_version', '1');
                 INSERT INTO sweeps (id, started_at, status, orgs_file, orgs_digest, settings, problems, planned, tool_version)
                 VALUES (1, '2026-11-01T00:00:00Z', 'complete', 'orgs.csv', 'x', '{}', '[]', 1, '0.1.0');
                 INSERT INTO domains (sweep, name, found_via, started_at, elapsed_ms, facts, findings)
                 VALUES (1, 'goedstad.nl', 'listed', '2026-11-01T00:00:00Z', 5, x'00', x'00');",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), schema::VERSION);
        assert!(columns(&store, "domains").contains(&"attempt".to_string()));
        assert!(columns(&store, "attempts").contains(&"errors".to_string()));
        let attempt: u32 = store
            .conn
            .query_row(
                "SELECT attempt FROM domains WHERE name = 'goedstad.nl'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(attempt, 1);
        drop(store);
        // A new store has the same tables as an upgraded one.
        let fresh = Store::open(&dir.path().join("new.sqlite")).unwrap();
        let upgraded = Store::open_read(&path).unwrap();
        for table in ["domains", "attempts", "findings"] {
            assert_eq!(columns(&fresh, table), columns(&upgraded, table), "{table}");
        }
    }
}
