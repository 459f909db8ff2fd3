//! `pastoe serve`: internet.nl's batch API v2 over HTTP(S), so the clients people already
//! use (the internet.nl dashboard, the Forum's scripts, CI jobs) can run on pastoe.
//!
//! A request is a sweep of the store: registered in the store's request book, observed by
//! the one engine of the service (one request at a time, its domains side by side, polite per
//! address across every user's requests because politeness is the process's), and rendered
//! from the store by [`internetnl`], which `pastoe export --format internetnl` uses too. A
//! service killed mid-request continues it from the store when it starts again.

pub mod internetnl;
pub mod mapping;
pub mod users;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{Value, json};
use tokio::sync::Notify;

use crate::facts::now_rfc3339;
use crate::judge::selection::{CheckSelection, Selection};
use crate::probe::Prober;
use crate::rules::{Lang, RuleSet};
use crate::store::{
    BatchKind, BatchRequestRow, BatchStatus, Store, StoreError, SweepSettings, SweepStatus,
};
use crate::sweep::{
    Engine, PlanError, Planned, Progress, Resume, SweepError, SweepRequest, plan_sweep, sweep,
    targets,
};
use crate::targets::Domain;
use crate::targets::orgs::{OrgType, Organisation, OrganisationList};
use mapping::Mapping;
use users::Users;

/// The largest request body read (a list of 5,000 domains is about 100 KiB).
const MAX_BODY: usize = 4 << 20;
const PREFIX: &str = "/api/batch/v2";
/// How long a client may take to complete its TLS handshake, or to send a request's head.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(30);

/// How much the service takes on.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Requests waiting or running, of all users together; more is refused with 503.
    pub queue: usize,
    /// Requests waiting or running of one user; more is refused with 429.
    pub per_user: usize,
    /// Domains in one request; more is refused with 400.
    pub domains: usize,
}

/// How each request's sweep runs (the flags `pastoe sweep` takes).
#[derive(Debug, Clone)]
pub struct RunSettings {
    pub concurrency: usize,
    pub domain_deadline: Duration,
    pub outage_limit: Duration,
    pub retries: u32,
    pub retry_delay: Duration,
    /// The NCSC TLS table the rules are under, recorded with each sweep.
    pub tls_rules: String,
    /// The probe flags as given, recorded with each sweep.
    pub probes: Vec<String>,
}

pub struct ServeConfig {
    pub listen: SocketAddr,
    pub db: PathBuf,
    pub users: Users,
    pub tls: Option<Arc<rustls::ServerConfig>>,
    pub prober: Prober,
    pub rules: Arc<RuleSet>,
    pub mapping: Mapping,
    pub run: RunSettings,
    pub limits: Limits,
    /// The service's address as clients reach it, for the report links.
    pub public_url: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("TLS: {0}")]
    Tls(String),
    #[error("{0}: another pastoe serve runs on this store")]
    AlreadyServed(PathBuf),
}

/// A rustls server configuration from a PEM certificate chain and its PEM private key.
pub fn tls_config(cert: &Path, key: &Path) -> Result<Arc<rustls::ServerConfig>, ServeError> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| ServeError::Tls(format!("{}: {e}", cert.display())))?;
    let key = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| ServeError::Tls(format!("{}: {e}", key.display())))?;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|b| b.with_no_client_auth().with_single_cert(chain, key))
        .map_err(|e| ServeError::Tls(e.to_string()))?;
    Ok(Arc::new(config))
}

struct State {
    db: PathBuf,
    /// The request book: its own connection, beside the sweep's locked writer.
    book: Mutex<Store>,
    users: Users,
    prober: Prober,
    rules: Arc<RuleSet>,
    mapping: Mapping,
    run: RunSettings,
    limits: Limits,
    public_url: String,
    /// A request was registered: the worker looks for work.
    wake: Notify,
    /// The request the worker runs now, and how to stop it.
    current: Mutex<Option<(String, Arc<Notify>)>>,
    /// Held while the service runs (one service per store).
    _lock: std::fs::File,
}

impl State {
    fn book(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the book cannot leave SQLite half-written (each call is
        // one statement), so a poisoned lock is taken as it is.
        self.book.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Serve until the process ends. `ready` is told the address listened on.
pub async fn serve(config: ServeConfig, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    // One service per store: two would run the same requests. The lock goes with the
    // process, however it ends.
    let lock_path = config.db.with_extension("serve-lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|source| StoreError::Io {
            path: lock_path.clone(),
            source,
        })?;
    if lock.try_lock().is_err() {
        return Err(ServeError::AlreadyServed(config.db));
    }
    // The locked open migrates the store and refuses a store another sweep is writing.
    drop(Store::open(&config.db)?);
    let book = Store::open_unlocked(&config.db)?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| ServeError::Listen {
            addr: config.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| ServeError::Listen {
        addr: config.listen,
        source,
    })?;
    let state = Arc::new(State {
        db: config.db,
        book: Mutex::new(book),
        users: config.users,
        prober: config.prober,
        rules: config.rules,
        mapping: config.mapping,
        run: config.run,
        limits: config.limits,
        public_url: config.public_url.trim_end_matches('/').to_string(),
        wake: Notify::new(),
        current: Mutex::new(None),
        _lock: lock,
    });
    tokio::spawn(worker(state.clone()));
    ready(addr);
    let acceptor = config.tls.map(tokio_rustls::TlsAcceptor::from);
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of descriptors: wait for some to close instead of spinning.
                tracing::warn!("accept: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let state = state.clone();
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let state = state.clone();
                async move { Ok::<_, std::convert::Infallible>(handle(&state, request).await) }
            });
            // A client that connects and says nothing is let go, so idle sockets cannot
            // hold the service's descriptors.
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(CLIENT_TIMEOUT);
            let served = match acceptor {
                Some(acceptor) => {
                    match tokio::time::timeout(CLIENT_TIMEOUT, acceptor.accept(stream)).await {
                        Ok(Ok(tls)) => {
                            http.serve_connection(hyper_util::rt::TokioIo::new(tls), service)
                                .await
                        }
                        Ok(Err(e)) => {
                            tracing::debug!("TLS handshake: {e}");
                            return;
                        }
                        Err(_) => return,
                    }
                }
                None => {
                    http.serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await
                }
            };
            if let Err(e) = served {
                tracing::debug!("connection: {e}");
            }
        });
    }
}

type Reply = Response<Full<Bytes>>;

fn json_reply(status: StatusCode, body: &Value) -> Reply {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    response
}

fn unauthorised() -> Reply {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = StatusCode::UNAUTHORIZED;
    response.headers_mut().insert(
        hyper::header::WWW_AUTHENTICATE,
        hyper::header::HeaderValue::from_static("Basic realm=\"pastoe batch API\""),
    );
    response
}

async fn handle(state: &State, request: Request<Incoming>) -> Reply {
    // The report pages need no credentials, as internet.nl's: the request id, 128 random
    // bits, is the secret.
    let parts: Vec<&str> = request.uri().path().trim_matches('/').split('/').collect();
    if let (&Method::GET, [kind @ ("site" | "mail"), domain, id]) =
        (request.method(), parts.as_slice())
    {
        let lang = if request.uri().query() == Some("lang=en") {
            Lang::En
        } else {
            Lang::Nl
        };
        return tokio::task::block_in_place(|| report_page(state, kind, domain, id, lang));
    }
    let header = request
        .headers()
        .get(hyper::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    // bcrypt is slow by design: off the I/O threads.
    let Some(user) = tokio::task::block_in_place(|| state.users.authenticate(header.as_deref()))
    else {
        return unauthorised();
    };
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let query = request.uri().query().unwrap_or_default().to_string();
    let body = match Limited::new(request.into_body(), MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            return answer(
                state,
                Answer::bad("The request body is too large or was cut off."),
            );
        }
    };
    let answer_of =
        tokio::task::block_in_place(|| route(state, &user, &method, &path, &query, &body));
    answer(state, answer_of)
}

fn report_page(state: &State, kind: &str, domain: &str, id: &str, lang: Lang) -> Reply {
    let book = state.book();
    let page = match book.batch_request(id) {
        Ok(Some(row)) if row.status == BatchStatus::Done && report_kind(row.kind) == kind => {
            internetnl::report_page(&book, &state.rules, &row, domain, lang)
        }
        Ok(_) => Ok(None),
        Err(e) => Err(e),
    };
    let (status, body) = match page {
        Ok(Some(html)) => (StatusCode::OK, html),
        Ok(None) => (StatusCode::NOT_FOUND, "no such report\n".to_string()),
        Err(e) => {
            tracing::error!("store: {e}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "server error\n".to_string(),
            )
        }
    };
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    let content_type = if status == StatusCode::OK {
        "text/html; charset=utf-8"
    } else {
        "text/plain; charset=utf-8"
    };
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static(content_type),
    );
    response
}

/// What a handler answers, before the API version is added.
enum Answer {
    Ok(Value),
    Error {
        status: StatusCode,
        label: &'static str,
        msg: String,
    },
}

impl Answer {
    fn bad(msg: &str) -> Answer {
        Answer::Error {
            status: StatusCode::BAD_REQUEST,
            label: "bad-request",
            msg: msg.to_string(),
        }
    }

    fn unknown() -> Answer {
        Answer::Error {
            status: StatusCode::NOT_FOUND,
            label: "unknown-request",
            msg: "This request_id does not exist for the user.".into(),
        }
    }
}

impl From<StoreError> for Answer {
    fn from(e: StoreError) -> Answer {
        tracing::error!("store: {e}");
        Answer::Error {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            label: "server-error",
            msg: "General server error. Please report this if it keeps happening".into(),
        }
    }
}

fn answer(state: &State, answer: Answer) -> Reply {
    match answer {
        Answer::Ok(body) => json_reply(StatusCode::OK, &internetnl::reply(&state.mapping, body)),
        Answer::Error { status, label, msg } => {
            json_reply(status, &internetnl::error(&state.mapping, label, &msg))
        }
    }
}

fn route(
    state: &State,
    user: &str,
    method: &Method,
    path: &str,
    query: &str,
    body: &[u8],
) -> Answer {
    let Some(rest) = path.strip_prefix(PREFIX) else {
        // internet.nl's answer to an old API version or a wrong path.
        return Answer::Error {
            status: StatusCode::BAD_REQUEST,
            label: "invalid-url",
            msg: "Make sure you are using a valid URL and the current batch API version (2)".into(),
        };
    };
    let parts: Vec<&str> = rest.trim_matches('/').split('/').collect();
    let result = match (method, parts.as_slice()) {
        (&Method::POST, ["requests"]) => register(state, user, body),
        (&Method::GET, ["requests"]) => list(state, user, query),
        (&Method::GET, ["requests", id]) => with_request(state, user, id, |row| {
            let request = described(state, &row, query)?;
            Ok(Answer::Ok(json!({ "request": request })))
        }),
        (&Method::PATCH, ["requests", id]) => cancel(state, user, id, body),
        (&Method::GET, ["requests", id, which @ ("results" | "results_technical")]) => {
            with_request(state, user, id, |row| {
                if row.status != BatchStatus::Done {
                    return Ok(Answer::bad("The request is not yet `done`."));
                }
                let book = state.book();
                let rendered = if *which == "results" {
                    let url = |domain: &str| report_url(&state.public_url, &row, domain);
                    internetnl::results(&book, &state.rules, &state.mapping, &row, &url)?
                } else {
                    internetnl::results_technical(&book, &state.rules, &state.mapping, &row)?
                };
                Ok(Answer::Ok(rendered))
            })
        }
        (&Method::GET, ["metadata", "report"]) => Ok(Answer::Ok(internetnl::metadata(
            &state.rules,
            &state.mapping,
        ))),
        _ => Ok(Answer::Error {
            status: StatusCode::BAD_REQUEST,
            label: "invalid-url",
            msg: "Make sure you are using a valid URL and the current batch API version (2)".into(),
        }),
    };
    result.unwrap_or_else(Answer::from)
}

/// The first part of a report page's path, as internet.nl's.
fn report_kind(kind: BatchKind) -> &'static str {
    match kind {
        BatchKind::Web => "site",
        BatchKind::Mail => "mail",
    }
}

/// A domain's report page (pastoe's HTML report), under the service's address `base`, where
/// internet.nl has its own: `/site/DOMAIN/ID/` or `/mail/DOMAIN/ID/`.
pub fn report_url(base: &str, row: &BatchRequestRow, domain: &str) -> String {
    format!(
        "{base}/{}/{domain}/{}/",
        report_kind(row.kind),
        row.request_id
    )
}

/// internet.nl's `Request`, with `progress` ("written/all" domains) and `num_domains` when
/// the query asks `progress=true`, as internet.nl adds them.
fn described(state: &State, row: &BatchRequestRow, query: &str) -> Result<Value, StoreError> {
    let mut request = internetnl::request(row);
    if query
        .split('&')
        .any(|p| p.eq_ignore_ascii_case("progress=true"))
    {
        let written = match row.sweep {
            Some(sweep) => state.book().done_domains(sweep)?,
            None => Default::default(),
        };
        let done = row.domains.iter().filter(|d| written.contains(*d)).count();
        request["progress"] = json!(format!("{done}/{}", row.domains.len()));
        request["num_domains"] = json!(row.domains.len());
    }
    Ok(request)
}

/// A request of this user, else 404 whoever owns it.
fn with_request(
    state: &State,
    user: &str,
    id: &str,
    then: impl FnOnce(BatchRequestRow) -> Result<Answer, StoreError>,
) -> Result<Answer, StoreError> {
    let row = state.book().batch_request(id)?;
    match row {
        Some(row) if row.user == user => then(row),
        _ => Ok(Answer::unknown()),
    }
}

fn list(state: &State, user: &str, query: &str) -> Result<Answer, StoreError> {
    let limit = match query
        .split('&')
        .find_map(|pair| pair.strip_prefix("limit="))
        .map(str::parse::<usize>)
    {
        None => Some(10),
        Some(Ok(0)) => None,
        Some(Ok(n)) => Some(n),
        Some(Err(_)) => return Ok(Answer::bad("'limit' is not a number.")),
    };
    let rows = state.book().batch_requests(Some(user))?;
    let requests = rows
        .iter()
        .take(limit.unwrap_or(usize::MAX))
        .map(|row| described(state, row, query))
        .collect::<Result<Vec<Value>, StoreError>>()?;
    Ok(Answer::Ok(json!({ "requests": requests })))
}

fn cancel(state: &State, user: &str, id: &str, body: &[u8]) -> Result<Answer, StoreError> {
    with_request(state, user, id, |row| {
        let Ok(parsed) = serde_json::from_slice::<Value>(body) else {
            return Ok(Answer::bad(
                "Problem parsing json. Did you supply a 'status'?",
            ));
        };
        match parsed.get("status").and_then(Value::as_str) {
            None => return Ok(Answer::bad("'status' is missing from the request.")),
            Some(s) if !s.eq_ignore_ascii_case("cancelled") => {
                return Ok(Answer::bad(
                    "'status' does not have one of the supported values: ['cancelled'].",
                ));
            }
            Some(_) => {}
        }
        state.book().set_batch_status(
            &row.request_id,
            BatchStatus::Cancelled,
            Some(&now_rfc3339()),
        )?;
        if let Ok(current) = state.current.lock()
            && let Some((running, stop)) = current.as_ref()
            && *running == row.request_id
        {
            stop.notify_one();
        }
        let row = state.book().batch_request(id)?.unwrap_or(row);
        Ok(Answer::Ok(json!({ "request": internetnl::request(&row) })))
    })
}

/// Registration as internet.nl validates it: `type` and `domains` present, `type` web or
/// mail, at least one domain; each name trimmed and checked, invalid ones left out (as
/// internet.nl does), and a list with no valid name refused.
fn register(state: &State, user: &str, body: &[u8]) -> Result<Answer, StoreError> {
    let Ok(Value::Object(data)) = serde_json::from_slice::<Value>(body) else {
        return Ok(Answer::bad(
            "Problem parsing json. Did you supply a 'type' and 'domains'?",
        ));
    };
    let missing: Vec<String> = ["type", "domains"]
        .iter()
        .filter(|f| !data.contains_key(**f))
        .map(|f| format!("'{f}' is missing from the request."))
        .collect();
    if !missing.is_empty() {
        return Ok(Answer::bad(&missing.join(",")));
    }
    let kind = data
        .get("type")
        .and_then(Value::as_str)
        .and_then(|t| BatchKind::parse(&t.to_ascii_lowercase()));
    let Some(kind) = kind else {
        return Ok(Answer::bad("'type' is not one of the expected values."));
    };
    let Some(listed) = data.get("domains").and_then(Value::as_array) else {
        return Ok(Answer::bad(
            "Could not parse domains. Make sure the domain list is properly formatted.",
        ));
    };
    if listed.is_empty() {
        return Ok(Answer::bad("Domains are empty."));
    }
    let mut domains: Vec<String> = Vec::new();
    for item in listed {
        let Some(text) = item.as_str() else {
            return Ok(Answer::bad(
                "Could not parse domains. Make sure the domain list is properly formatted.",
            ));
        };
        if let Ok(domain) = Domain::parse(text.trim())
            && !domains.contains(&domain.to_string())
        {
            domains.push(domain.to_string());
        }
    }
    if domains.is_empty() {
        return Ok(Answer::bad(
            "No valid domains. Make sure the domain list is properly formatted.",
        ));
    }
    if domains.len() > state.limits.domains {
        return Ok(Answer::bad(&format!(
            "Too many domains: {} (this service takes at most {} in one request).",
            domains.len(),
            state.limits.domains
        )));
    }
    let name = match data.get("name") {
        None | Some(Value::Null) => "no-name".to_string(),
        Some(Value::String(s)) if s.chars().count() <= 255 => s.clone(),
        Some(_) => {
            return Ok(Answer::bad(
                "'name' is not a text of at most 255 characters.",
            ));
        }
    };
    let mut book = state.book();
    let (open, mine) = book.open_batch_requests(user)?;
    if mine >= state.limits.per_user {
        return Ok(Answer::Error {
            status: StatusCode::TOO_MANY_REQUESTS,
            label: "too-many-requests",
            msg: format!(
                "You have {mine} requests waiting or running, the most this service takes of one user; wait for one to finish or cancel one."
            ),
        });
    }
    if open >= state.limits.queue {
        return Ok(Answer::Error {
            status: StatusCode::SERVICE_UNAVAILABLE,
            label: "queue-full",
            msg: format!(
                "The service has {open} requests waiting or running, the most it queues; try again later."
            ),
        });
    }
    let row = BatchRequestRow {
        request_id: new_request_id(),
        user: user.to_string(),
        name,
        kind,
        domains,
        status: BatchStatus::Running,
        submit_date: now_rfc3339(),
        finished_date: None,
        sweep: None,
    };
    book.insert_batch_request(&row)?;
    drop(book);
    state.wake.notify_one();
    Ok(Answer::Ok(json!({ "request": internetnl::request(&row) })))
}

fn new_request_id() -> String {
    let mut bytes = [0u8; 16];
    // The system's random source failing is beyond recovery; a zero id would still be
    // unique enough to be refused by the primary key rather than mix two requests.
    let _ = aws_lc_rs::rand::fill(&mut bytes);
    data_encoding::HEXLOWER.encode(&bytes)
}

/// Runs the requests one after another, oldest first, those a killed service left first.
async fn worker(state: Arc<State>) {
    loop {
        let next = state.book().next_batch_request();
        match next {
            Ok(Some(row)) => {
                let pause = run_request(&state, row).await;
                if let Some(pause) = pause {
                    tokio::time::sleep(pause).await;
                }
            }
            Ok(None) => state.wake.notified().await,
            Err(e) => {
                tracing::error!("request book: {e}");
                tokio::time::sleep(Duration::from_secs(10)).await;
            }
        }
    }
}

/// Logs each domain of a request as it is written.
struct RequestProgress(String);

impl Progress for RequestProgress {
    fn domain_done(&self, domain: &str, elapsed: Duration, errors: usize) {
        tracing::info!(
            "request {}: {domain} in {} ms, {errors} findings with errors",
            self.0,
            elapsed.as_millis()
        );
    }
    fn domains_added(&self, _count: usize) {}
    fn paused(&self, reason: Option<&str>) {
        if let Some(reason) = reason {
            tracing::warn!("request {}: paused: {reason}", self.0);
        }
    }
    fn retrying(&self, count: usize) {
        tracing::info!("request {}: {count} domain(s) observed again", self.0);
    }
}

/// Observe one request through the sweep engine and record how it ended. Returns a pause
/// before the next request when this one could not go on for a reason that may pass (the
/// store locked by another sweep, pastoe's own side down): it stays `running` and is
/// continued then.
async fn run_request(state: &State, row: BatchRequestRow) -> Option<Duration> {
    let id = row.request_id.clone();
    let finish = |status: BatchStatus| {
        if let Err(e) = state
            .book()
            .set_batch_status(&id, status, Some(&now_rfc3339()))
        {
            tracing::error!("request {id}: {e}");
        }
    };
    let checks = state.mapping.checks(row.kind);
    let only = match CheckSelection::new(checks.clone()) {
        Ok(only) => only,
        Err(e) => {
            tracing::error!("request {id}: {e}");
            finish(BatchStatus::Error);
            return None;
        }
    };
    let domains: Vec<Domain> = row
        .domains
        .iter()
        .filter_map(|d| Domain::parse(d).ok())
        .collect();
    let organisation = Organisation {
        id: format!("batch-{id}"),
        name: row.name.clone(),
        org_type: OrgType::Other,
        tags: vec![row.kind.as_str().to_string()],
        domains,
        dkim_selectors: Vec::new(),
        apis: Vec::new(),
        line: 0,
    };
    let organisations = [organisation];
    let list = OrganisationList {
        organisations: organisations.to_vec(),
    };
    let settings = SweepSettings {
        rule_set: state.rules.meta.id.clone(),
        rule_set_version: state.rules.meta.version.clone(),
        tls_rules: state.run.tls_rules.clone(),
        adr_rules: state.rules.adr().to_string(),
        only: checks,
        probes: state.run.probes.clone(),
    };
    let mut store = match Store::open(&state.db) {
        Ok(store) => store,
        Err(e) => {
            // Locked: a `pastoe sweep` on the same store, or the writer of a cancelled
            // request still closing.
            tracing::warn!("request {id}: {e}; tried again in 5 s");
            return Some(Duration::from_secs(5));
        }
    };
    let request = SweepRequest {
        targets: targets(&list),
        orgs_file: format!("batch request {id} of {}", row.user),
        orgs_digest: format!("batch:{id}"),
        shard: None,
        settings,
        problems: &[],
        organisations: &organisations,
        explanations: &[],
        resume: row.sweep.map(|_| Resume {
            retry_errors: false,
            retries: state.run.retries,
        }),
    };
    let mut plan = match plan_sweep(&mut store, request) {
        Ok(Planned::Run(plan)) => plan,
        Ok(Planned::Complete { .. }) => {
            finish(BatchStatus::Done);
            return None;
        }
        Err(e @ (PlanError::NoSweep | PlanError::OtherSettings { .. })) => {
            tracing::error!("request {id}: {e}; the service was restarted with other flags");
            finish(BatchStatus::Error);
            return None;
        }
        Err(PlanError::Store(e)) => {
            tracing::warn!("request {id}: {e}; tried again in a minute");
            return Some(Duration::from_secs(60));
        }
    };
    let sweep_id = plan.sweep;
    if let Err(e) = state.book().set_batch_sweep(&id, sweep_id) {
        tracing::error!("request {id}: {e}");
    }
    // A resumed sweep brings back the hosts discovery found; a request tests its own.
    plan.targets.retain(|t| !t.discovered);
    let prober = state
        .prober
        .with_plan(Selection::listed(Some(only.clone())).plan());
    let engine = Engine {
        prober: &prober,
        rules: state.rules.clone(),
        only: Some(only),
        concurrency: state.run.concurrency,
        domain_deadline: state.run.domain_deadline,
        crawl: None,
        scan_discovered: false,
        outage_limit: state.run.outage_limit,
        retries: state.run.retries,
        retry_delay: state.run.retry_delay,
    };
    let stop = Arc::new(Notify::new());
    if let Ok(mut current) = state.current.lock() {
        *current = Some((id.clone(), stop.clone()));
    }
    let progress = RequestProgress(id.clone());
    let ended = tokio::select! {
        swept = sweep(&engine, plan, store, &progress) => Some(swept),
        // Cancelled: the sweep is dropped; what was written stays in the store.
        _ = stop.notified() => None,
    };
    if let Ok(mut current) = state.current.lock() {
        *current = None;
    }
    match ended {
        None => {
            // Cancelled: `pastoe history` shows its sweep stopped, not running.
            if let Err(e) = state
                .book()
                .set_status(sweep_id, SweepStatus::Stopped, None, 0)
            {
                tracing::error!("request {id}: {e}");
            }
            None
        }
        Some(Ok(_)) => {
            finish(BatchStatus::Done);
            None
        }
        Some(Err(e @ SweepError::Stopped { .. })) => {
            tracing::warn!("request {id}: {e}; continued in a minute");
            Some(Duration::from_secs(60))
        }
        Some(Err(e)) => {
            tracing::error!("request {id}: {e}");
            finish(BatchStatus::Error);
            None
        }
    }
}
