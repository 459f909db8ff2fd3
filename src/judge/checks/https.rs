//! HTTPS and HSTS (Forum Standaardisatie "HTTPS en HSTS"; Stb. 2023, 179).

use url::Url;

use super::Evaluate;
use super::{CheckSpec, ParamKind, https_response};
use super::{Hosts, WEB};
use crate::facts::{DomainFacts, ErrorKind, HttpFetch, ProbeError};
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};
use crate::wire::text::hsts;

pub const AVAILABLE: CheckSpec = CheckSpec {
    id: "web.https.available",
    outcomes: &[
        "ok",
        "not_offered",
        "tls_failed",
        "unreachable",
        "timeout",
        "malformed",
        "failed",
        "no_address",
        "non_public",
        "dns_error",
    ],
    params: &[],
    evaluate: Evaluate::Domain(available),
    needs: WEB,
    hosts: Hosts::ListedAndDiscovered,
};

pub const REDIRECT: CheckSpec = CheckSpec {
    id: "web.https.redirect",
    outcomes: &[
        "ok",
        "no_http",
        "no_redirect",
        "other_host",
        "not_https",
        "bad_location",
        "failed",
        "not_tested",
    ],
    params: &[],
    evaluate: Evaluate::Domain(redirect),
    needs: WEB,
    hosts: Hosts::ListedAndDiscovered,
};

pub const HSTS: CheckSpec = CheckSpec {
    id: "web.https.hsts",
    outcomes: &["ok", "too_short", "missing", "invalid", "not_tested"],
    params: &[("min_max_age", ParamKind::Count)],
    evaluate: Evaluate::Domain(hsts_check),
    needs: WEB,
    hosts: Hosts::ListedAndDiscovered,
};

pub const COMPRESSION: CheckSpec = CheckSpec {
    id: "web.https.compression",
    outcomes: &["ok", "compressed", "failed", "not_tested"],
    params: &[],
    evaluate: Evaluate::Domain(compression),
    needs: WEB,
    hosts: Hosts::ListedAndDiscovered,
};

/// Why a host could not be resolved, as an outcome of the availability check; `None` when it
/// has addresses.
fn resolution_outcome(facts: &DomainFacts) -> Option<Outcome> {
    let res = &facts.web.resolution;
    let err = res.error.as_ref()?;
    if err.kind == ErrorKind::NonPublicAddress {
        let addresses: Vec<String> = res.not_public.iter().map(|ip| ip.to_string()).collect();
        return Some(
            Outcome::new("non_public")
                .with("addresses", addresses.join(", "))
                .with("error", &err.detail),
        );
    }
    // NXDOMAIN for the host never reaches here: the domain itself does not exist then,
    // and the judge gives every check the rule set's `[nonexistent]` outcome instead.
    let key = match err.kind {
        ErrorKind::NoAddress => "no_address",
        _ => "dns_error",
    };
    Some(Outcome::new(key).with("error", &err.detail))
}

fn error_evidence(verdict: Verdict, error: Option<&ProbeError>) -> Verdict {
    match error {
        Some(e) => verdict.evidence("error", e),
        None => verdict,
    }
}

fn available(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let host = &facts.web.host;
    if let Some(outcome) = resolution_outcome(facts) {
        return vec![Verdict::new(host, outcome)];
    }
    let addresses = &facts.web.resolution.addresses;
    let (Some(https), http) = (facts.web.https.as_ref(), facts.web.http.as_ref()) else {
        return vec![Verdict::new(host, Outcome::new("no_address"))];
    };
    let http_answered = http.is_some_and(|h| !h.hops.is_empty());
    let outcome = match (&https.error, https.first()) {
        (None, Some(hop)) => Outcome::new("ok").with("status", hop.status),
        (Some(e), _) => {
            let key = match e.kind {
                ErrorKind::ConnectionRefused | ErrorKind::ConnectFailed if http_answered => {
                    "not_offered"
                }
                ErrorKind::ConnectionRefused | ErrorKind::ConnectFailed => "unreachable",
                ErrorKind::TlsHandshake => "tls_failed",
                ErrorKind::Timeout => "timeout",
                ErrorKind::Protocol => "malformed",
                _ => "failed",
            };
            Outcome::new(key).with("error", &e.detail)
        }
        (None, None) => Outcome::new("failed").with("error", "no response"),
    };
    let mut verdict = Verdict::new(host, outcome)
        .evidence("url", &https.url)
        .evidence("addresses", addresses);
    if let Some(hop) = https.first() {
        verdict = verdict.evidence("status", hop.status);
        if let Some(tls) = &hop.tls {
            verdict = verdict.evidence("tls", tls);
        }
    }
    vec![error_evidence(verdict, https.error.as_ref())]
}

/// The first hop from `http://host/` must go to HTTPS on the same host (Stb. 2023, 179
/// art. 2b): a visitor's first step off plain HTTP may not be to another name.
fn redirect(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let host = &facts.web.host;
    let Some(http) = facts.web.http.as_ref() else {
        return vec![Verdict::new(host, Outcome::new("not_tested"))];
    };
    let chain: Vec<String> = http
        .hops
        .iter()
        .map(|h| format!("{} {}", h.status, h.url))
        .collect();
    let https_answered = facts
        .web
        .https
        .as_ref()
        .is_some_and(|f| f.final_response().is_some());
    let outcome = redirect_outcome(host, http, https_answered);
    let verdict = Verdict::new(host, outcome)
        .evidence("url", &http.url)
        .evidence("chain", chain);
    vec![error_evidence(verdict, http.error.as_ref())]
}

fn redirect_outcome(host: &str, http: &HttpFetch, https_answered: bool) -> Outcome {
    let Some(first) = http.first() else {
        return match &http.error {
            // A closed port 80 only counts as "no plain HTTP" when the site itself is up;
            // with nothing reachable there is no web server to judge.
            Some(e)
                if matches!(
                    e.kind,
                    ErrorKind::ConnectionRefused | ErrorKind::ConnectFailed
                ) =>
            {
                if https_answered {
                    Outcome::new("no_http")
                } else {
                    Outcome::new("not_tested")
                }
            }
            Some(e) => Outcome::new("failed").with("error", &e.detail),
            None => Outcome::new("failed").with("error", "no response"),
        };
    };
    if !first.is_redirect() {
        return Outcome::new("no_redirect").with("status", first.status);
    }
    let Some(location) = first.header("location") else {
        return Outcome::new("bad_location").with("location", "");
    };
    let Ok(target) = Url::parse(&first.url).and_then(|base| base.join(location)) else {
        return Outcome::new("bad_location").with("location", location);
    };
    if target.scheme() != "https" {
        return Outcome::new("not_https").with("location", target);
    }
    let same_host = target
        .host_str()
        .is_some_and(|h| h.trim_end_matches('.').eq_ignore_ascii_case(host));
    if !same_host {
        return Outcome::new("other_host").with("location", target);
    }
    Outcome::new("ok").with("location", target)
}

/// internet.nl judges the first HSTS header of the first HTTPS response: browsers use the
/// first and ignore the rest (RFC 6797 §8.1).
fn hsts_check(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let hop = match https_response(facts) {
        Ok(hop) => hop,
        Err(not_tested) => return vec![not_tested],
    };
    let host = &facts.web.host;
    let values: Vec<&str> = hop.header_values("strict-transport-security").collect();
    let min = rule.param_u64("min_max_age");
    let outcome = match values.first() {
        None => Outcome::new("missing"),
        Some(value) => match hsts::parse(value) {
            Ok(h) if h.max_age >= min => Outcome::new("ok").with("max_age", h.max_age),
            Ok(h) => Outcome::new("too_short").with("max_age", h.max_age),
            Err(e) => Outcome::new("invalid").with("error", e),
        },
    };
    vec![Verdict::new(host, outcome).evidence("headers", values)]
}

/// HTTP compression over TLS exposes secrets to BREACH-style attacks; internet.nl asks `/`
/// with a broad `Accept-Encoding` and looks at `Content-Encoding`.
fn compression(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    if let Err(not_tested) = https_response(facts) {
        return vec![not_tested];
    }
    let host = &facts.web.host;
    let Some(fetch) = facts.web.https_compression.as_ref() else {
        return vec![Verdict::new(host, Outcome::new("not_tested"))];
    };
    let outcome = match (fetch.final_response(), &fetch.error) {
        (_, Some(e)) => Outcome::new("failed").with("error", &e.detail),
        (None, None) => Outcome::new("failed").with("error", "no response"),
        (Some(hop), None) => match hop.header("content-encoding").map(str::trim) {
            Some(enc) if !enc.is_empty() && !enc.eq_ignore_ascii_case("identity") => {
                Outcome::new("compressed").with("encoding", enc)
            }
            _ => Outcome::new("ok"),
        },
    };
    vec![Verdict::new(host, outcome)]
}
