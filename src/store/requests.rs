//! The requests of `pastoe serve` (internet.nl's batch API v2): who asked for which domains,
//! where the request stands, and the sweep that observes it once it has started.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError};

/// What a request tests, as internet.nl names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchKind {
    Web,
    Mail,
}

impl BatchKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BatchKind::Web => "web",
            BatchKind::Mail => "mail",
        }
    }

    pub fn parse(text: &str) -> Option<BatchKind> {
        match text {
            "web" => Some(BatchKind::Web),
            "mail" => Some(BatchKind::Mail),
            _ => None,
        }
    }
}

/// Where a request stands, with internet.nl's names. A request waiting for its turn is
/// `running`, as internet.nl's queued ("live") requests are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchStatus {
    Running,
    Done,
    Cancelled,
    Error,
}

impl BatchStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BatchStatus::Running => "running",
            BatchStatus::Done => "done",
            BatchStatus::Cancelled => "cancelled",
            BatchStatus::Error => "error",
        }
    }

    fn parse(text: &str) -> BatchStatus {
        match text {
            "done" => BatchStatus::Done,
            "cancelled" => BatchStatus::Cancelled,
            "error" => BatchStatus::Error,
            _ => BatchStatus::Running,
        }
    }
}

/// One request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRequestRow {
    /// 32 lower-case hex digits, as internet.nl's request ids.
    pub request_id: String,
    pub user: String,
    pub name: String,
    pub kind: BatchKind,
    /// The valid domains asked for, each once, in the order given.
    pub domains: Vec<String>,
    pub status: BatchStatus,
    pub submit_date: String,
    pub finished_date: Option<String>,
    /// The sweep observing it, once it has started.
    pub sweep: Option<i64>,
}

const COLUMNS: &str =
    "request_id, user, name, kind, domains, status, submit_date, finished_date, sweep";

fn row(row: &rusqlite::Row<'_>) -> rusqlite::Result<BatchRequestRow> {
    let kind: String = row.get(3)?;
    let domains: String = row.get(4)?;
    Ok(BatchRequestRow {
        request_id: row.get(0)?,
        user: row.get(1)?,
        name: row.get(2)?,
        kind: BatchKind::parse(&kind).unwrap_or(BatchKind::Web),
        domains: serde_json::from_str(&domains).unwrap_or_default(),
        status: BatchStatus::parse(&row.get::<_, String>(5)?),
        submit_date: row.get(6)?,
        finished_date: row.get(7)?,
        sweep: row.get(8)?,
    })
}

impl Store {
    pub fn insert_batch_request(&mut self, request: &BatchRequestRow) -> Result<(), StoreError> {
        self.conn
            .execute(
                &format!("INSERT INTO batch_requests ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
                params![
                    request.request_id,
                    request.user,
                    request.name,
                    request.kind.as_str(),
                    super::json(&request.domains),
                    request.status.as_str(),
                    request.submit_date,
                    request.finished_date,
                    request.sweep,
                ],
            )
            .map(|_| ())
            .map_err(|e| self.classify(e))
    }

    /// The requests of `user` (of every user when `None`), newest first.
    pub fn batch_requests(&self, user: Option<&str>) -> Result<Vec<BatchRequestRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {COLUMNS} FROM batch_requests WHERE ?1 IS NULL OR user = ?1 ORDER BY rowid DESC"
            ))
            .map_err(|e| self.classify(e))?;
        stmt.query_map([user], row)
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.classify(e))
    }

    pub fn batch_request(&self, request_id: &str) -> Result<Option<BatchRequestRow>, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM batch_requests WHERE request_id = ?1"),
                [request_id],
                row,
            )
            .optional()
            .map_err(|e| self.classify(e))
    }

    /// The oldest request still to run (or to finish after a restart of the service).
    pub fn next_batch_request(&self) -> Result<Option<BatchRequestRow>, StoreError> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM batch_requests WHERE status = 'running' ORDER BY rowid LIMIT 1"
                ),
                [],
                row,
            )
            .optional()
            .map_err(|e| self.classify(e))
    }

    /// Requests still to run: of everyone, and of `user`.
    pub fn open_batch_requests(&self, user: &str) -> Result<(usize, usize), StoreError> {
        self.conn
            .query_row(
                "SELECT count(*), count(*) FILTER (WHERE user = ?1) FROM batch_requests WHERE status = 'running'",
                [user],
                |r| Ok((r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize)),
            )
            .map_err(|e| self.classify(e))
    }

    /// Record where a request stands; a request that ended keeps its first end.
    pub fn set_batch_status(
        &mut self,
        request_id: &str,
        status: BatchStatus,
        finished_date: Option<&str>,
    ) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE batch_requests SET status = ?2, finished_date = ?3 WHERE request_id = ?1 AND status = 'running'",
                params![request_id, status.as_str(), finished_date],
            )
            .map(|_| ())
            .map_err(|e| self.classify(e))
    }

    pub fn set_batch_sweep(&mut self, request_id: &str, sweep: i64) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE batch_requests SET sweep = ?2 WHERE request_id = ?1",
                params![request_id, sweep],
            )
            .map(|_| ())
            .map_err(|e| self.classify(e))
    }
}
