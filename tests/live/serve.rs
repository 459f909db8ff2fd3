//! `pastoe serve` as the clients of internet.nl's batch API v2 use it, over real HTTP on
//! loopback: requests registered, polled until done, and their results compared test by
//! test with `pastoe scan` of the same domains through the mapping; wrong credentials,
//! another user's request and a malformed domain list answered as internet.nl answers them;
//! a service killed mid-request finishes it after a restart.

use crate::support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use pastoe::serve::mapping::{ItemType, Mapping};
use pastoe::store::{BatchKind, Store};
use serde_json::{Value, json};
use support::{TEST_NETS, TIMEOUT, net, scratch_dir};

const ALICE: (&str, &str) = ("alice", "alice-secret");
const BOB: (&str, &str) = ("bob", "bob-secret");

/// A users file as `htpasswd -B` writes it ($2y$), at the lowest cost so tests stay fast.
fn users_file(dir: &Path) -> PathBuf {
    let path = dir.join("users");
    let line = |(user, password): (&str, &str)| {
        let hash = bcrypt::hash_with_result(password, 4)
            .unwrap()
            .format_for_version(bcrypt::Version::TwoY);
        format!("{user}:{hash}\n")
    };
    std::fs::write(&path, line(ALICE) + &line(BOB)).unwrap();
    path
}

/// A running `pastoe serve`, killed when dropped.
struct Service {
    child: Child,
    addr: String,
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(dir: &Path, port: u16, extra: &[&str]) -> Service {
    let net = net();
    let addr = format!("127.0.0.1:{port}");
    let mut args: Vec<String> = vec![
        "serve".into(),
        "--listen".into(),
        addr.clone(),
        "--db".into(),
        dir.join("serve.sqlite").display().to_string(),
        "--users".into(),
        dir.join("users").display().to_string(),
        "--resolver".into(),
        net.resolver,
        "--ca-file".into(),
        net.ca_file.display().to_string(),
        "--trust-anchor".into(),
        net.trust_anchor.display().to_string(),
        "--allow-net".into(),
        TEST_NETS.into(),
        "--timeout".into(),
        TIMEOUT.into(),
        "--retry-delay".into(),
        "1".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let child = Command::new(env!("CARGO_BIN_EXE_pastoe"))
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start pastoe serve");
    let service = Service { child, addr };
    let started = Instant::now();
    while TcpStream::connect(&service.addr).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "pastoe serve did not listen on {}",
            service.addr
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    service
}

/// One HTTP/1.1 exchange over a plain socket: the status and the body.
fn exchange(
    service: &Service,
    method: &str,
    path: &str,
    user: Option<(&str, &str)>,
    body: Option<&Value>,
) -> (u16, String) {
    let mut stream = TcpStream::connect(&service.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
        service.addr,
        body.len()
    );
    if let Some((u, p)) = user {
        let token = data_encoding::BASE64.encode(format!("{u}:{p}").as_bytes());
        head.push_str(&format!("Authorization: Basic {token}\r\n"));
    }
    if !body.is_empty() {
        head.push_str("Content-Type: application/json\r\n");
    }
    stream
        .write_all(format!("{head}\r\n{body}").as_bytes())
        .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8(response).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").expect("an HTTP response");
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, body.to_string())
}

/// An exchange whose body is JSON (`Null` when empty).
fn call(
    service: &Service,
    method: &str,
    path: &str,
    user: Option<(&str, &str)>,
    body: Option<&Value>,
) -> (u16, Value) {
    let (status, body) = exchange(service, method, path, user, body);
    let json = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
    };
    (status, json)
}

/// The path of a domain's `report.url` in a results answer.
fn report_path(results: &Value, domain: &str) -> String {
    let url = results["domains"][domain]["report"]["url"]
        .as_str()
        .unwrap();
    let path_at = url.find("/site/").or_else(|| url.find("/mail/")).unwrap();
    url[path_at..].to_string()
}

/// The schema of internet.nl's specification an answer must have.
fn schema_of(method: &str, path: &str, status: u16) -> &'static str {
    let rest = path.trim_start_matches("/api/batch/v2/");
    let parts: Vec<&str> = rest.split('?').next().unwrap_or("").split('/').collect();
    match (status, method, parts.as_slice()) {
        (400, ..) => "BadRequestResponse",
        (404, ..) => "UnknownRequestErrorResponse",
        (200, "POST", ["requests"]) => "RegisterResponse",
        (200, "GET", ["requests"]) => "ListRequestsResponse",
        (200, "GET", ["requests", _]) => "StatusResponse",
        (200, "PATCH", ["requests", _]) => "CancelResponse",
        (200, "GET", ["requests", _, "results"]) => "ResultsResponse",
        (200, "GET", ["metadata", "report"]) => "MetadataReportResponse",
        other => panic!("no schema for {other:?}"),
    }
}

/// Errors of `body` against a schema of the specification (fixtures/oracles/internetnl-batch),
/// as (JSON path, message).
fn schema_errors(schema: &str, body: &Value) -> Vec<(String, String)> {
    let validate = support::repo().join("fixtures/oracles/internetnl-batch/validate");
    let mut child = Command::new(&validate)
        .arg(schema)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the schema validator");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(body.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{schema}: {} (run fixtures/oracles/install)",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let e: Value = serde_json::from_str(l).unwrap();
            (
                e["path"].as_str().unwrap().to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// An exchange whose answer must validate against the specification's schema for it.
fn api(
    service: &Service,
    method: &str,
    path: &str,
    user: Option<(&str, &str)>,
    body: Option<&Value>,
) -> (u16, Value) {
    let (status, answer) = call(service, method, path, user, body);
    let schema = schema_of(method, path, status);
    // A request not finished has `finished_date: null`, as internet.nl sends it (clients
    // poll on it), although its specification has the field required and not nullable.
    // Only an unfinished one: a request that ended has its date.
    let mut requests: Vec<&Value> = vec![&answer["request"]];
    requests.extend(answer["requests"].as_array().into_iter().flatten());
    for request in requests.iter().filter(|r| r.is_object()) {
        let ended = matches!(
            request["status"].as_str(),
            Some("done" | "cancelled" | "error")
        );
        assert_eq!(
            ended,
            request["finished_date"].is_string(),
            "{method} {path}: {request}"
        );
    }
    let errors: Vec<(String, String)> = schema_errors(schema, &answer)
        .into_iter()
        .filter(|(path, message)| {
            !(path.ends_with(".finished_date") && message.starts_with("None "))
        })
        .collect();
    assert!(errors.is_empty(), "{method} {path} ({schema}): {errors:#?}");
    (status, answer)
}

fn register(service: &Service, user: (&str, &str), kind: &str, domains: &[&str]) -> String {
    let (status, body) = api(
        service,
        "POST",
        "/api/batch/v2/requests",
        Some(user),
        Some(&json!({ "type": kind, "domains": domains, "name": format!("{kind} test") })),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["api_version"], "2.7.0");
    assert_eq!(body["request"]["request_type"], kind);
    let id = body["request"]["request_id"].as_str().unwrap().to_string();
    assert!(
        id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()),
        "{id}"
    );
    id
}

fn wait_done(service: &Service, id: &str, limit: Duration) -> Value {
    let started = Instant::now();
    loop {
        let (status, body) = call(
            service,
            "GET",
            &format!("/api/batch/v2/requests/{id}"),
            Some(ALICE),
            None,
        );
        assert_eq!(status, 200, "{body}");
        match body["request"]["status"].as_str() {
            Some("done") => return body,
            Some("running") => {}
            other => panic!("request {id}: {other:?}"),
        }
        assert!(started.elapsed() < limit, "request {id} not done: {body}");
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// What each of internet.nl's tests must say of a domain, from `pastoe scan` of it judged
/// on the same checks with the same probe flags, through the mapping.
fn expected_tests(
    kind: BatchKind,
    domains: &[&str],
    flags: &[&str],
) -> Vec<(String, String, String, String)> {
    let rules = pastoe::judge::embedded_rules().unwrap();
    let mapping = Mapping::embedded(&rules).unwrap();
    let only = mapping.checks(kind).join(",");
    let mut args = vec!["--only", only.as_str()];
    args.extend_from_slice(flags);
    let run = support::scan(domains, &args);
    assert!(run.code <= 1, "scan failed:\n{}", run.stderr);
    let doc = run.doc();
    let mut out = Vec::new();
    for domain in domains {
        for item in mapping.items(kind) {
            if item.item_type != ItemType::Test {
                continue;
            }
            let worst = doc
                .findings
                .iter()
                .filter(|f| f.domain == *domain && f.readiness.is_none())
                .filter(|f| item.checks.contains(&f.check))
                .max_by_key(|f| f.status);
            let (status, verdict) = match worst {
                Some(f) => (
                    mapping
                        .status(item, f.status, &f.outcome)
                        .as_str()
                        .to_string(),
                    f.outcome.clone(),
                ),
                None => ("not_tested".into(), "detail verdict not-tested".into()),
            };
            out.push((domain.to_string(), item.name.clone(), status, verdict));
        }
    }
    out
}

fn assert_tests_match(results: &Value, expected: &[(String, String, String, String)]) {
    let mut wrong = Vec::new();
    for (domain, test, status, verdict) in expected {
        let got = &results["domains"][domain]["results"]["tests"][test];
        if got["status"] != *status || got["verdict"] != *verdict {
            wrong.push(format!(
                "{domain} {test}: served {got}, scan says {status}/{verdict}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// RPKI inputs under which every address of the requests' domains is announced: the fixture
/// routes (valid, invalid and not-found ones) and the mail servers' blocks (127.0.25.0/24,
/// and 192.0.2.0/24 of mx.mailproef.nl) from an AS without ROAs, so each address has the
/// `routing` the specification requires.
fn rpki_flags(dir: &Path) -> Vec<String> {
    let fixture = support::repo().join("fixtures/rpki");
    let routes = std::fs::read_to_string(fixture.join("routes.txt")).unwrap()
        + "127.0.25.0/24\tAS64599\n192.0.2.0/24\tAS64599\n";
    let path = dir.join("routes.txt");
    std::fs::write(&path, routes).unwrap();
    vec![
        "--vrps".into(),
        fixture.join("vrps.json").display().to_string(),
        "--routes".into(),
        path.display().to_string(),
    ]
}

/// Every `routing` of a technical answer (addresses of name servers, web and mail servers).
fn routings(value: &Value) -> Vec<&Value> {
    match value {
        Value::Object(map) => map
            .iter()
            .flat_map(|(key, v)| {
                if key == "routing" {
                    vec![v]
                } else {
                    routings(v)
                }
            })
            .collect(),
        Value::Array(items) => items.iter().flat_map(routings).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn batch_requests_are_served_as_internet_nl_serves_them_and_match_a_scan() {
    let dir = scratch_dir("serve-api");
    users_file(&dir);
    let _turn = support::serial::shared();
    let rpki = rpki_flags(&dir);
    let rpki: Vec<&str> = rpki.iter().map(String::as_str).collect();
    let mut flags = vec!["--concurrency", "8"];
    flags.extend(&rpki);
    let service = start(&dir, free_port(), &flags);

    // Credentials: none or wrong give 401 without a body, as internet.nl.
    let (status, body) = call(&service, "GET", "/api/batch/v2/requests", None, None);
    assert_eq!((status, body), (401, Value::Null));
    let wrong = Some(("alice", "not-her-password"));
    assert_eq!(
        call(&service, "GET", "/api/batch/v2/requests", wrong, None).0,
        401
    );

    // Malformed registrations: 400 with internet.nl's error body.
    for (request, msg) in [
        (
            json!({"type": "web", "domains": "goed.proefnet.nl"}),
            "Could not parse domains. Make sure the domain list is properly formatted.",
        ),
        (json!({"type": "web", "domains": []}), "Domains are empty."),
        (
            json!({"type": "web", "domains": ["not a domain", "-x-.nl"]}),
            "No valid domains. Make sure the domain list is properly formatted.",
        ),
        (
            json!({"type": "dns", "domains": ["goed.proefnet.nl"]}),
            "'type' is not one of the expected values.",
        ),
        (
            json!({"domains": ["goed.proefnet.nl"]}),
            "'type' is missing from the request.",
        ),
    ] {
        let (status, body) = api(
            &service,
            "POST",
            "/api/batch/v2/requests",
            Some(ALICE),
            Some(&request),
        );
        assert_eq!(status, 400, "{request}: {body}");
        assert_eq!(body["api_version"], "2.7.0");
        assert_eq!(body["error"]["label"], "bad-request", "{body}");
        assert_eq!(body["error"]["msg"], msg, "{request}");
    }

    let web_domains = ["goed.proefnet.nl", "goedstad.nl"];
    // proefnet.nl has three MX: one with STARTTLS, two broken ones.
    let mail_domains = ["spf-good.mailproef.nl", "proefnet.nl"];
    let started = Instant::now();
    let web = register(&service, ALICE, "web", &web_domains);
    let mail = register(&service, ALICE, "mail", &mail_domains);

    // Another user sees neither request.
    for path in [
        format!("/api/batch/v2/requests/{web}"),
        format!("/api/batch/v2/requests/{web}/results"),
    ] {
        let (status, body) = api(&service, "GET", &path, Some(BOB), None);
        assert_eq!(status, 404, "{body}");
        assert_eq!(body["error"]["label"], "unknown-request");
    }
    let (_, listed) = api(&service, "GET", "/api/batch/v2/requests", Some(BOB), None);
    assert_eq!(listed["requests"], json!([]));
    let (_, listed) = api(&service, "GET", "/api/batch/v2/requests", Some(ALICE), None);
    let ids: Vec<&str> = listed["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["request_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [mail.as_str(), web.as_str()], "newest first");

    // A cancelled request stays cancelled and has no results.
    let doomed = register(&service, ALICE, "web", &["stilns.nl"]);
    let (status, body) = api(
        &service,
        "PATCH",
        &format!("/api/batch/v2/requests/{doomed}"),
        Some(ALICE),
        Some(&json!({"status": "cancelled"})),
    );
    assert_eq!(
        (status, body["request"]["status"].as_str()),
        (200, Some("cancelled"))
    );
    let (status, body) = api(
        &service,
        "GET",
        &format!("/api/batch/v2/requests/{doomed}/results"),
        Some(ALICE),
        None,
    );
    assert_eq!(
        (status, body["error"]["msg"].as_str()),
        (400, Some("The request is not yet `done`."))
    );

    for id in [&web, &mail] {
        let done = wait_done(&service, id, Duration::from_secs(300));
        assert!(done["request"]["finished_date"].is_string(), "{done}");
    }
    let path = format!("/api/batch/v2/requests/{web}?progress=true");
    let (_, status) = api(&service, "GET", &path, Some(ALICE), None);
    assert_eq!(status["request"]["progress"], "2/2", "{status}");
    assert_eq!(status["request"]["num_domains"], 2, "{status}");
    let elapsed = started.elapsed();

    let results = |id: &str| {
        let path = format!("/api/batch/v2/requests/{id}/results");
        let (status, body) = api(&service, "GET", &path, Some(ALICE), None);
        assert_eq!(status, 200, "{body}");
        body
    };
    // The technical results against the reply schema of their type, every field.
    let technical_results = |id: &str, schema: &str| {
        let path = format!("/api/batch/v2/requests/{id}/results_technical");
        let (status, body) = call(&service, "GET", &path, Some(ALICE), None);
        assert_eq!(status, 200, "{body}");
        let errors = schema_errors(schema, &body);
        assert!(errors.is_empty(), "{schema}: {errors:#?}");
        body
    };
    let web_results = results(&web);
    let mail_results = results(&mail);
    for (body, domains, categories) in [
        (
            &web_results,
            &web_domains[..],
            &[
                "web_ipv6",
                "web_dnssec",
                "web_https",
                "web_appsecpriv",
                "web_rpki",
            ][..],
        ),
        (
            &mail_results,
            &mail_domains[..],
            &[
                "mail_ipv6",
                "mail_dnssec",
                "mail_auth",
                "mail_starttls",
                "mail_rpki",
            ][..],
        ),
    ] {
        for domain in domains {
            let d = &body["domains"][domain];
            assert_eq!(d["status"], "ok", "{domain}: {d}");
            let score = d["scoring"]["percentage"].as_u64().unwrap();
            assert!(score <= 100, "{score}");
            assert!(d["report"]["url"].as_str().unwrap().contains(domain));
            for category in categories {
                let status = d["results"]["categories"][category]["status"].as_str();
                assert!(
                    matches!(
                        status,
                        Some("passed" | "failed" | "warning" | "info" | "error")
                    ),
                    "{domain} {category}: {status:?}"
                );
            }
            assert!(
                d["pastoe"]["findings"]
                    .as_array()
                    .is_some_and(|f| !f.is_empty())
            );
        }
    }
    // Each test as the scan of the same domains says it, through the mapping.
    assert_tests_match(
        &web_results,
        &expected_tests(BatchKind::Web, &web_domains, &rpki),
    );
    assert_tests_match(
        &mail_results,
        &expected_tests(BatchKind::Mail, &mail_domains, &rpki),
    );
    // With RPKI inputs the routing tests are measured: goedstad.nl's web server
    // (127.0.2.0/24, fd42:beef::/48) and name servers (127.53.1.0/24) have valid routes.
    let goedstad = &web_results["domains"]["goedstad.nl"]["results"]["tests"];
    for test in [
        "web_rpki_exists",
        "web_rpki_valid",
        "web_ns_rpki_exists",
        "web_ns_rpki_valid",
    ] {
        assert_eq!(goedstad[test]["status"], "passed", "{test}: {goedstad}");
    }
    // The mail domain's name servers are judged as a web request's.
    let proefnet = &mail_results["domains"]["proefnet.nl"]["results"]["tests"];
    assert_ne!(
        proefnet["mail_ns_rpki_exists"]["status"], "not_tested",
        "{proefnet}"
    );
    // goed.proefnet.nl is the test internet's model web host.
    let tests = &web_results["domains"]["goed.proefnet.nl"]["results"]["tests"];
    for test in [
        "web_https_http_available",
        "web_https_http_hsts",
        "web_https_tls_version",
        "web_dnssec_valid",
    ] {
        assert_eq!(tests[test]["status"], "passed", "{test}: {}", tests[test]);
    }
    // report.url is pastoe's HTML report of the domain, open without credentials as
    // internet.nl's report pages are.
    let url = report_path(&web_results, "goed.proefnet.nl");
    let (status, page) = exchange(&service, "GET", &url, None, None);
    assert_eq!(status, 200, "{url}");
    assert!(
        page.contains("<html") && page.contains("goed.proefnet.nl"),
        "{url}"
    );
    let (status, _) = exchange(&service, "GET", &url.replace(&web, &mail), None, None);
    assert_eq!(status, 404, "another request's id");
    let mail_tests = &mail_results["domains"]["spf-good.mailproef.nl"]["results"]["tests"];
    assert_eq!(
        mail_tests["mail_auth_spf_policy"]["status"], "passed",
        "{mail_tests}"
    );
    // Tests pastoe has no check for are reported as internet.nl reports untested ones.
    assert_eq!(
        mail_tests["mail_mx_ns_rpki_exists"],
        json!({"status": "not_tested", "verdict": "detail verdict not-tested"})
    );
    // The mail servers' route origin validation: spf-good's MX host has no address.
    assert_eq!(
        mail_tests["mail_rpki_exists"],
        json!({"status": "not_tested", "verdict": "no_addresses"})
    );

    let technical = technical_results(&web, "DomainWebTechnicalReply");
    // Routing as the facts hold it: the most specific announcement of each address.
    let goedstad = &technical["domains"]["goedstad.nl"];
    assert_eq!(
        goedstad["webservers"]["ipv4"]["addresses"][0],
        json!({"address": "127.0.2.1", "reachable": true,
               "routing": {"origin": "AS64500", "route": "127.0.2.0/24", "rov_state": "valid"}}),
        "{goedstad}"
    );
    // Name servers: IPv4 and IPv6 addresses both asked, both with their routes.
    let ns1 = &goedstad["nameservers"]["ns1.goedstad.nl"];
    assert_eq!(
        ns1["ipv4"]["addresses"][0],
        json!({"address": "127.53.1.3", "reachable": true,
               "routing": {"origin": "AS64502", "route": "127.53.1.0/24", "rov_state": "valid"}}),
        "{goedstad}"
    );
    assert_eq!(ns1["ipv6"]["addresses"][0]["reachable"], true, "{ns1}");
    // The NCSC classes of the model server: nothing insufficient or to phase out, a
    // cipher order and key-exchange hash as the findings judge them.
    let details = &goedstad["webservers"]["ipv4"]["details"];
    for list in [
        "protocols_bad",
        "protocols_phase_out",
        "ciphers_bad",
        "kex_params_bad",
        "cert_pubkey_bad",
    ] {
        assert_eq!(details[list], json!([]), "{list}: {details}");
    }
    assert_eq!(details["cert_signature_bad"], json!({}), "{details}");
    for (detail, value) in [
        ("kex_hash_func", json!("good")),
        ("hsts", json!("yes")),
        ("dane_status", json!("validated")),
        ("https_redirect", json!("good")),
        ("x_frame_options_enabled", json!(true)),
        ("content_security_policy_enabled", json!(true)),
        ("securitytxt_enabled", json!(true)),
        ("caa_enabled", json!(true)),
    ] {
        assert_eq!(details[detail], value, "{detail}: {details}");
    }
    // goedstad.nl answers alike over IPv4 and IPv6.
    assert_eq!(goedstad["webservers"]["ip_similarity"], true, "{goedstad}");
    let goed = &technical["domains"]["goed.proefnet.nl"];
    assert_eq!(goed["status"], "ok");
    assert_eq!(goed["domain"]["dnssec"]["status"], "secure", "{goed}");
    assert_eq!(goed["webservers"]["ipv4"]["https_enabled"], true, "{goed}");
    let details = &goed["webservers"]["ipv4"]["details"];
    assert_eq!(details["cert_trusted"], true, "{details}");
    assert_eq!(details["zero_rtt"], "good", "{details}");
    assert!(
        details["hsts_policies"][0]
            .as_str()
            .is_some_and(|h| h.contains("max-age")),
        "{details}"
    );
    let technical = technical_results(&mail, "DomainMailTechnicalReply");
    let spf = &technical["domains"]["spf-good.mailproef.nl"]["domain"]["spf"];
    assert!(
        spf["records"][0]
            .as_str()
            .is_some_and(|r| r.starts_with("v=spf1")),
        "{technical}"
    );
    assert_eq!(spf["policy_status"], "valid", "{spf}");
    // mx.proefnet.nl has a DANE-EE record for its next key beside the DANE-TA one.
    let mx = &technical["domains"]["proefnet.nl"]["receiving_mailservers"]["mx.proefnet.nl"];
    assert_eq!(mx["details"]["dane_rollover"], true, "{mx}");
    let servers = technical["domains"]["proefnet.nl"]["receiving_mailservers"]
        .as_object()
        .unwrap();
    // The MX addresses' routing: those in 127.0.25.0/24 only under the AS without ROAs.
    let mx_routes = routings(&technical["domains"]["proefnet.nl"]["receiving_mailservers"]);
    assert!(
        mx_routes
            .iter()
            .any(|r| r["origin"] == "AS64599" && r["rov_state"] == "not-found"),
        "{servers:?}"
    );
    assert!(
        servers.values().any(|s| s["starttls_enabled"] == true
            && s["details"]["dane_records"]
                .as_array()
                .is_some_and(|r| !r.is_empty())),
        "{servers:?}"
    );

    let (status, metadata) = api(
        &service,
        "GET",
        "/api/batch/v2/metadata/report",
        Some(ALICE),
        None,
    );
    assert_eq!(status, 200);
    assert_eq!(
        metadata["report"]["data"]["web_https_tls_version"]["type"],
        "test"
    );
    assert_eq!(
        metadata["report"]["hierarchy"]["web"][0]["name"],
        "web_ipv6"
    );

    // The same JSON offline, from the store.
    drop(service);
    let db = dir.join("serve.sqlite");
    let export = support::pastoe(&[
        "export",
        "--db",
        &db.display().to_string(),
        "--format",
        "internetnl",
        "--request",
        &web,
    ]);
    assert_eq!(export.code, 0, "{}", export.stderr);
    let exported: Value = serde_json::from_str(&export.stdout).unwrap();
    assert_eq!(
        exported["domains"]["goedstad.nl"]["results"],
        web_results["domains"]["goedstad.nl"]["results"]
    );
    eprintln!(
        "serve: a web request of 2 domains and a mail request of 2 done {elapsed:?} after their registration"
    );
}

#[test]
fn a_service_killed_mid_request_finishes_it_after_a_restart() {
    let dir = scratch_dir("serve-restart");
    users_file(&dir);
    let _turn = support::serial::shared();
    let port = free_port();
    // One domain at a time, so the kill lands with some domains written and some not.
    let flags = ["--concurrency", "1"];
    // stilns.nl's name server never answers: the request is still running at the kill.
    let domains = [
        "goedstad.nl",
        "halfweg.nl",
        "oudeland.nl",
        "natteveld.nl",
        "proefnet.nl",
        "stilns.nl",
    ];
    let db = dir.join("serve.sqlite");
    let id = {
        let service = start(&dir, port, &flags);
        let id = register(&service, ALICE, "web", &domains);
        let started = Instant::now();
        while written(&db, &id) < 1 {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "nothing written"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        id
        // Dropped: SIGKILL.
    };
    let before = written(&db, &id);
    assert!(
        before < domains.len(),
        "the request finished before the kill"
    );
    let service = start(&dir, port, &flags);
    wait_done(&service, &id, Duration::from_secs(300));
    let (status, results) = call(
        &service,
        "GET",
        &format!("/api/batch/v2/requests/{id}/results"),
        Some(ALICE),
        None,
    );
    assert_eq!(status, 200);
    for domain in domains {
        assert_eq!(
            results["domains"][domain]["status"], "ok",
            "{domain}: {results}"
        );
    }
    // Without RPKI inputs the routing tests are not tested, and the technical results have
    // no `routing`, as internet.nl without BGP data.
    let tests = &results["domains"]["goedstad.nl"]["results"]["tests"];
    assert_eq!(
        tests["web_rpki_valid"],
        json!({"status": "not_tested", "verdict": "no_inputs"}),
        "{tests}"
    );
    let (status, technical) = call(
        &service,
        "GET",
        &format!("/api/batch/v2/requests/{id}/results_technical"),
        Some(ALICE),
        None,
    );
    assert_eq!(status, 200);
    assert!(routings(&technical).is_empty(), "{technical}");
    // One sweep, each domain once, only the listed ones (no `www` discovered and added).
    let store = Store::open_read(&db).unwrap();
    let row = store.batch_request(&id).unwrap().unwrap();
    assert_eq!(store.sweeps().unwrap().len(), 1);
    let names: Vec<String> = store
        .domains(row.sweep.unwrap())
        .unwrap()
        .into_iter()
        .map(|d| d.name)
        .collect();
    assert_eq!(names.len(), domains.len(), "{names:?}");
    eprintln!(
        "serve: killed with {before} of {} domains written, finished after the restart",
        domains.len()
    );
}

/// Domains of a request's sweep written so far.
fn written(db: &Path, id: &str) -> usize {
    let Ok(store) = Store::open_read(db) else {
        return 0;
    };
    let Ok(Some(row)) = store.batch_request(id) else {
        return 0;
    };
    row.sweep
        .and_then(|s| store.domains(s).ok())
        .map(|d| d.len())
        .unwrap_or(0)
}

/// One exchange through curl over HTTPS, trusting `ca`: the status and the JSON body.
fn curl(
    service: &Service,
    ca: &Path,
    method: &str,
    path: &str,
    user: (&str, &str),
    body: Option<&Value>,
) -> (u16, Value) {
    let url = format!("https://{}{path}", service.addr);
    let credentials = format!("{}:{}", user.0, user.1);
    let mut args = vec![
        "-sS".to_string(),
        "--cacert".into(),
        ca.display().to_string(),
        "-u".into(),
        credentials,
        "-X".into(),
        method.into(),
        "-w".into(),
        "\n%{http_code}".into(),
        url,
    ];
    if let Some(body) = body {
        args.extend(["-H".into(), "Content-Type: application/json".into()]);
        args.extend(["--data-binary".into(), body.to_string()]);
    }
    let out = Command::new("curl").args(&args).output().expect("run curl");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (json, status) = text.rsplit_once('\n').expect("curl's status line");
    let status: u16 = status
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("curl: {text} {}", String::from_utf8_lossy(&out.stderr)));
    let json = serde_json::from_str(json).unwrap_or(Value::Null);
    (status, json)
}

#[test]
fn limits_are_refused_with_a_json_body_over_https() {
    let dir = scratch_dir("serve-limits");
    users_file(&dir);
    // A certificate for 127.0.0.1, trusted by the client as its own CA file.
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params
        .subject_alt_names
        .push(rcgen::SanType::IpAddress("127.0.0.1".parse().unwrap()));
    let cert = params.self_signed(&key).unwrap();
    let (cert_file, key_file) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert_file, cert.pem()).unwrap();
    std::fs::write(&key_file, key.serialize_pem()).unwrap();
    let _turn = support::serial::shared();
    let (cert_arg, key_arg) = (
        cert_file.display().to_string(),
        key_file.display().to_string(),
    );
    let service = start(
        &dir,
        free_port(),
        &[
            "--tls-cert",
            &cert_arg,
            "--tls-key",
            &key_arg,
            "--max-domains",
            "3",
            "--max-user-requests",
            "2",
            "--max-queue",
            "3",
        ],
    );
    let post = |user, domains: &[&str]| {
        curl(
            &service,
            &cert_file,
            "POST",
            "/api/batch/v2/requests",
            user,
            Some(&json!({ "type": "web", "domains": domains })),
        )
    };
    // The first request takes a while (stilns.nl's name server never answers), so the
    // others wait behind it.
    let (status, body) = post(ALICE, &["a.stilns.nl", "b.stilns.nl", "stilns.nl"]);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["request"]["name"], "no-name");
    let slow = body["request"]["request_id"].as_str().unwrap().to_string();
    let (status, body) = post(ALICE, &["a.nl", "b.nl", "c.nl", "d.nl"]);
    assert_eq!(
        (status, body["error"]["label"].as_str()),
        (400, Some("bad-request")),
        "{body}"
    );
    let (status, body) = post(ALICE, &["goedstad.nl"]);
    assert_eq!(status, 200, "{body}");
    let next = body["request"]["request_id"].as_str().unwrap().to_string();
    let (status, body) = post(ALICE, &["halfweg.nl"]);
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["error"]["label"], "too-many-requests");
    assert_eq!(body["api_version"], "2.7.0");
    assert_eq!(post(BOB, &["oudeland.nl"]).0, 200);
    let (status, body) = post(BOB, &["natteveld.nl"]);
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"]["label"], "queue-full");
    let (status, _) = curl(
        &service,
        &cert_file,
        "GET",
        "/api/batch/v2/requests",
        ALICE,
        None,
    );
    assert_eq!(status, 200);
    // Cancelling the running request stops it, and the next one runs to its end.
    let (status, body) = curl(
        &service,
        &cert_file,
        "PATCH",
        &format!("/api/batch/v2/requests/{slow}"),
        ALICE,
        Some(&json!({"status": "cancelled"})),
    );
    assert_eq!(
        (status, body["request"]["status"].as_str()),
        (200, Some("cancelled"))
    );
    let started = Instant::now();
    loop {
        let path = format!("/api/batch/v2/requests/{next}");
        let (_, body) = curl(&service, &cert_file, "GET", &path, ALICE, None);
        if body["request"]["status"] == "done" {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "{body}");
        std::thread::sleep(Duration::from_millis(300));
    }
    // One service per store.
    let (db, users) = (dir.join("serve.sqlite"), dir.join("users"));
    let store = Store::open_read(&db).unwrap();
    let cancelled = store.batch_request(&slow).unwrap().unwrap();
    let started = cancelled.sweep.expect("the cancelled request had started");
    let sweep = store.sweep(Some(started)).unwrap();
    assert_eq!(
        sweep.status,
        pastoe::store::SweepStatus::Stopped,
        "{sweep:?}"
    );
    drop(store);
    let resolver = net().resolver;
    let second = support::pastoe(&[
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--db",
        &db.display().to_string(),
        "--users",
        &users.display().to_string(),
        "--resolver",
        &resolver,
    ]);
    assert_eq!(second.code, 3, "{}", second.stderr);
    assert!(
        second
            .stderr
            .contains("another pastoe serve runs on this store"),
        "{}",
        second.stderr
    );
    // Plain HTTP to the HTTPS port gets no answer.
    assert!(
        TcpStream::connect(&service.addr)
            .and_then(|mut s| {
                s.set_read_timeout(Some(Duration::from_secs(5)))?;
                s.write_all(b"GET /api/batch/v2/requests HTTP/1.1\r\nHost: x\r\n\r\n")?;
                let mut buf = Vec::new();
                let _ = s.read_to_end(&mut buf);
                Ok(!buf.starts_with(b"HTTP/1.1 200"))
            })
            .unwrap()
    );
}
