//! NLGov REST API Design Rules (ADR) and the OpenAPI Specification: what of an API's
//! automatable core rules shows from outside. One verdict per API (its base URL) of the
//! host; a host without an API gets no finding ([`Hosts::Found`]). Which rules belong to which ADR version is
//! each rule's `adr_versions` parameter; a check not in the selected version
//! (`--adr-rules`) gives no finding, unless its `adr_announced` parameter names the version:
//! then the version announces the rule for a later one (as the linter published with it
//! does), and the check counts as recommended, a warning rather than a failure.

use super::{API, CheckSpec, Evaluate, Hosts, ParamKind, words};
use crate::facts::{ApiFacts, ApiSource, DomainFacts, HttpFetch};
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, Level, RuleSet};
use crate::wire::text::openapi::{DOCUMENT_LOCATIONS, OpenApiSummary, Syntax};

use crate::rules::ADR_VERSIONS_PARAM as VERSIONS_PARAM;

const VERSIONS: (&str, ParamKind) = (VERSIONS_PARAM, ParamKind::Words);

use crate::rules::ADR_ANNOUNCED_PARAM as ANNOUNCED_PARAM;
const ANNOUNCED: (&str, ParamKind) = (ANNOUNCED_PARAM, ParamKind::Words);

pub const PUBLISHED: CheckSpec = CheckSpec {
    id: "api.openapi.published",
    outcomes: &[
        "ok",
        "yaml_only",
        "missing",
        "not_openapi",
        "unreadable",
        "too_large",
        "failed",
    ],
    params: &[VERSIONS],
    evaluate: Evaluate::Domain(published),
    needs: API,
    hosts: Hosts::Found,
};

pub const OAS_VERSION: CheckSpec = CheckSpec {
    id: "api.openapi.version",
    outcomes: &["ok", "oas31", "swagger2", "other", "not_tested"],
    params: &[VERSIONS, ("allowed", ParamKind::Words)],
    evaluate: Evaluate::Domain(oas_version),
    needs: API,
    hosts: Hosts::Found,
};

pub const VERSION_HEADER: CheckSpec = CheckSpec {
    id: "api.version_header",
    outcomes: &[
        "ok",
        "missing",
        "not_full_version",
        "not_document_version",
        "not_documented",
        "not_tested",
    ],
    params: &[VERSIONS],
    evaluate: Evaluate::Domain(version_header),
    needs: API,
    hosts: Hosts::Found,
};

pub const URI_VERSION: CheckSpec = CheckSpec {
    id: "api.uri_version",
    outcomes: &["ok", "missing", "not_tested"],
    params: &[VERSIONS],
    evaluate: Evaluate::Domain(uri_version),
    needs: API,
    hosts: Hosts::Found,
};

pub const NO_TRAILING_SLASH: CheckSpec = CheckSpec {
    id: "api.no_trailing_slash",
    outcomes: &["ok", "trailing_slash", "not_tested", "too_many"],
    params: &[VERSIONS],
    evaluate: Evaluate::Domain(no_trailing_slash),
    needs: API,
    hosts: Hosts::Found,
};

pub const SERVERS_HTTPS: CheckSpec = CheckSpec {
    id: "api.servers_https",
    outcomes: &["ok", "not_https", "not_tested"],
    params: &[VERSIONS],
    evaluate: Evaluate::Domain(servers_https),
    needs: API,
    hosts: Hosts::Found,
};

pub const CONTACT: CheckSpec = CheckSpec {
    id: "api.contact",
    outcomes: &["ok", "missing", "incomplete", "not_tested"],
    params: &[VERSIONS],
    evaluate: Evaluate::Domain(contact),
    needs: API,
    hosts: Hosts::Found,
};

pub const PROBLEM_JSON: CheckSpec = CheckSpec {
    id: "api.problem_json",
    outcomes: &[
        "ok",
        "html",
        "wrong_type",
        "invalid_body",
        "no_error",
        "failed",
    ],
    params: &[VERSIONS, ANNOUNCED],
    evaluate: Evaluate::Domain(problem_json),
    needs: API,
    hosts: Hosts::Found,
};

pub const SEMVER: CheckSpec = CheckSpec {
    id: "api.semver",
    outcomes: &["ok", "not_semver", "missing", "not_tested"],
    params: &[VERSIONS],
    evaluate: Evaluate::Domain(semver),
    needs: API,
    hosts: Hosts::Found,
};

pub const PATHS_KEBAB_CASE: CheckSpec = CheckSpec {
    id: "api.paths_kebab_case",
    outcomes: &["ok", "not_kebab_case", "not_tested", "too_many"],
    params: &[VERSIONS, ANNOUNCED],
    evaluate: Evaluate::Domain(paths_kebab_case),
    needs: API,
    hosts: Hosts::Found,
};

pub const QUERY_KEYS_CAMEL_CASE: CheckSpec = CheckSpec {
    id: "api.query_keys_camel_case",
    outcomes: &["ok", "not_camel_case", "not_tested", "too_many"],
    params: &[VERSIONS],
    evaluate: Evaluate::Domain(query_keys_camel_case),
    needs: API,
    hosts: Hosts::Found,
};

/// One verdict per API, when the rule belongs to the selected ADR version.
fn each_api(
    facts: &DomainFacts,
    rule: &CheckRule,
    rules: &RuleSet,
    judge: impl Fn(&ApiFacts) -> Outcome,
) -> Vec<Verdict> {
    let version = rules.adr();
    let announced = words(rule, ANNOUNCED_PARAM).iter().any(|v| v == version);
    if !announced && !words(rule, VERSIONS_PARAM).iter().any(|v| v == version) {
        return Vec::new();
    }
    // Of a domain that does not resolve, only the APIs listed with it were measured: its own
    // name has no API to judge.
    let gone = facts.nonexistent().is_some();
    facts
        .apis
        .iter()
        .filter(|api| !gone || api.source == ApiSource::Listed)
        .map(|api| {
            let mut verdict = Verdict::new(&api.base, judge(api))
                .evidence("base", &api.base)
                .evidence("adr_rules", version)
                .evidence("found", api.source);
            if announced {
                verdict = verdict.evidence("required_from_adr", words(rule, VERSIONS_PARAM));
                verdict.level = Some(Level::Recommended);
            }
            // What was read of the document, as read (paths keep their `{parameters}`).
            match api.document.as_ref().and_then(|d| d.summary.as_ref()) {
                Some(summary) => verdict.evidence("document", summary),
                None => verdict,
            }
        })
        .collect()
}

/// One verdict per API on its document's summary; `not_tested` where there is none.
fn each_document(
    facts: &DomainFacts,
    rule: &CheckRule,
    rules: &RuleSet,
    judge: impl Fn(&ApiFacts, &OpenApiSummary) -> Outcome,
) -> Vec<Verdict> {
    each_api(facts, rule, rules, |api| {
        match api.document.as_ref().and_then(|d| d.summary.as_ref()) {
            Some(summary) => judge(api, summary),
            None => Outcome::new("not_tested"),
        }
    })
}

fn fetch_error(fetch: &HttpFetch) -> Option<String> {
    fetch.error.as_ref().map(|e| e.detail.clone())
}

/// `/core/publish-openapi`: the document in JSON at `/openapi.json` (YAML besides it is
/// allowed, instead of it not).
fn published(facts: &DomainFacts, rule: &CheckRule, rules: &RuleSet) -> Vec<Verdict> {
    each_api(facts, rule, rules, |api| {
        let statuses: Vec<String> = api
            .fetches
            .iter()
            .map(|f| match (f.last(), &f.error) {
                (_, Some(e)) => format!("{}: {}", f.url, e.detail),
                (Some(hop), None) => format!("{}: {}", f.url, hop.status),
                (None, None) => format!("{}: no answer", f.url),
            })
            .collect();
        let tried = statuses.join("; ");
        let Some(document) = &api.document else {
            return match api.fetches.first().and_then(fetch_error) {
                Some(error) => Outcome::new("failed").with("error", error),
                None => Outcome::new("missing").with("tried", tried),
            };
        };
        let url = document.url.clone();
        if document.truncated {
            return Outcome::new("too_large")
                .with("url", url)
                .with("bytes", document.bytes_read);
        }
        // A web page where the document should be is no document, not a broken one.
        let html = document
            .content_type
            .as_deref()
            .is_some_and(|t| t.trim().to_ascii_lowercase().starts_with("text/html"));
        let error = document.error.clone().unwrap_or_default();
        let syntax_error = error.starts_with("not JSON") || error.starts_with("not YAML");
        match &document.summary {
            Some(summary) if summary.syntax == Syntax::Json => Outcome::new("ok").with("url", url),
            Some(_) => Outcome::new("yaml_only")
                .with("url", url)
                .with("tried", tried),
            None if syntax_error && !html => Outcome::new("unreadable")
                .with("url", url)
                .with("error", error),
            None => {
                let content_type = document.content_type.as_deref().unwrap_or("no type");
                Outcome::new("not_openapi")
                    .with("url", url)
                    .with("error", format!("{content_type}: {error}"))
            }
        }
    })
}

/// `/core/doc-openapi`: OAS 3.0 (the Forum's list names 3.0; 3.1 was not admitted).
fn oas_version(facts: &DomainFacts, rule: &CheckRule, rules: &RuleSet) -> Vec<Verdict> {
    let allowed = words(rule, "allowed");
    each_document(facts, rule, rules, |_, summary| {
        let Some(version) = &summary.openapi else {
            let swagger = summary.swagger.clone().unwrap_or_default();
            return Outcome::new("swagger2").with("version", swagger);
        };
        // `3.0.3` and `3.0` are version 3.0.
        let minor: String = version.split('.').take(2).collect::<Vec<_>>().join(".");
        if allowed.contains(&minor) {
            Outcome::new("ok").with("version", version)
        } else if minor == "3.1" {
            Outcome::new("oas31").with("version", version)
        } else {
            Outcome::new("other").with("version", version)
        }
    })
}

/// `/core/version-header`: every response of the API carries `API-Version` with the full
/// version (`1.2.0`: major, minor and patch, a pre-release or build suffix allowed), and the
/// document declares it on its success responses.
fn version_header(facts: &DomainFacts, rule: &CheckRule, rules: &RuleSet) -> Vec<Verdict> {
    each_api(facts, rule, rules, |api| {
        let responses: Vec<_> = api.responses().collect();
        if responses.is_empty() {
            return Outcome::new("not_tested");
        }
        let without: Vec<&str> = responses
            .iter()
            .filter(|hop| hop.header("api-version").is_none())
            .map(|hop| hop.url.as_str())
            .collect();
        if !without.is_empty() {
            return Outcome::new("missing").with("urls", without.join(", "));
        }
        let values: Vec<&str> = responses
            .iter()
            .filter_map(|hop| hop.header("api-version"))
            .collect();
        if let Some(short) = values.iter().find(|v| !is_full_version(v)) {
            return Outcome::new("not_full_version").with("value", short);
        }
        let sent = values.first().copied().unwrap_or_default();
        let summary = api.document.as_ref().and_then(|d| d.summary.as_ref());
        // ADR's "how to test": the header matches `info.version` of the document.
        let documented = summary.and_then(|s| s.info_version.as_deref());
        if let Some(documented) = documented
            && let Some(other) = values.iter().find(|v| v.trim() != documented.trim())
        {
            return Outcome::new("not_document_version")
                .with("value", other)
                .with("documented", documented);
        }
        match summary {
            Some(s) if s.without_version_header_count > 0 => Outcome::new("not_documented")
                .with("value", sent)
                .with("count", s.without_version_header_count)
                .with("operations", s.without_version_header.join(", ")),
            _ => Outcome::new("ok").with("value", sent),
        }
    })
}

/// `MAJOR.MINOR.PATCH` with an optional `-pre-release` or `+build`, as SemVer 2.0.0 writes
/// it (no leading zeros, no `v`): the `semver` crate's grammar.
fn is_full_version(value: &str) -> bool {
    semver::Version::parse(value.trim()).is_ok()
}

/// A path segment in kebab-case (ADR 2.2 `/core/path-segments-kebab-case`): lowercase
/// letters and digits, words joined by single hyphens; a `{parameter}` stands for one.
fn is_kebab_segment(segment: &str) -> bool {
    if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
        return !name.is_empty() && !name.contains(['{', '}']);
    }
    !segment.is_empty()
        && segment.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// `/openapi.json` or `/openapi.yaml`: named by ADR itself, not by the API's designers.
fn is_document_location(path: &str) -> bool {
    DOCUMENT_LOCATIONS
        .iter()
        .any(|(location, _)| path.strip_prefix('/') == Some(location))
}

/// Whether every segment of a path is kebab-case; the last may be an operation
/// (`/_zoek`), and a trailing slash is another rule's (`/core/no-trailing-slash`).
fn is_kebab_path(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    let segments: Vec<&str> = rest.strip_suffix('/').unwrap_or(rest).split('/').collect();
    if segments == [""] {
        return true;
    }
    let (last, before) = segments.split_last().expect("split gives one at least");
    let is_operation = |s: &str| {
        s.strip_prefix('_')
            .is_some_and(|op| !op.starts_with('{') && is_kebab_segment(op))
    };
    before.iter().all(|s| is_kebab_segment(s)) && (is_kebab_segment(last) || is_operation(last))
}

/// A query key in lower camelCase, by ADR 2.2's own test (`^\$?[a-z][a-z\d]*([A-Z][a-z\d]*)*$`,
/// `/core/query-keys-camel-case`).
fn is_camel_case(key: &str) -> bool {
    let key = key.strip_prefix('$').unwrap_or(key);
    let mut bytes = key.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase()) && bytes.all(|b| b.is_ascii_alphanumeric())
}

/// Whether a URL's path has a segment `v` and a number (`/v1`, `/api/v2/`).
fn has_major_version(url: &str) -> bool {
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    path.split('/').any(|segment| {
        segment
            .strip_prefix('v')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// `/core/uri-version`: the major version in the URI of every server (without servers,
/// the base URL the API was found at).
fn uri_version(facts: &DomainFacts, rule: &CheckRule, rules: &RuleSet) -> Vec<Verdict> {
    each_document(facts, rule, rules, |api, summary| {
        let urls: Vec<&str> = if summary.servers.is_empty() {
            vec![api.base.as_str()]
        } else {
            summary.servers.iter().map(String::as_str).collect()
        };
        let without: Vec<&str> = urls
            .iter()
            .copied()
            .filter(|u| !has_major_version(u))
            .collect();
        if without.is_empty() {
            Outcome::new("ok").with("urls", urls.join(", "))
        } else {
            Outcome::new("missing").with("urls", without.join(", "))
        }
    })
}

/// `/core/no-trailing-slash`: no path of the document ends in `/` (the root `/` aside).
fn no_trailing_slash(facts: &DomainFacts, rule: &CheckRule, rules: &RuleSet) -> Vec<Verdict> {
    each_document(facts, rule, rules, |_, summary| {
        let slashed: Vec<&str> = summary
            .paths
            .iter()
            .filter(|p| p.len() > 1 && p.ends_with('/'))
            .map(String::as_str)
            .collect();
        if !slashed.is_empty() {
            Outcome::new("trailing_slash").with("paths", slashed.join(", "))
        } else {
            all_listed(summary.paths.len(), summary.path_count)
        }
    })
}

/// Nothing wrong among the `listed` of `count` names: `ok` when that is all of them, else
/// `too_many` (the summary lists at most [`crate::wire::text::openapi::MAX_LISTED`]; the
/// rest was not judged, so no pass is given for it).
fn all_listed(listed: usize, count: usize) -> Outcome {
    if listed < count {
        Outcome::new("too_many")
            .with("listed", listed)
            .with("count", count)
    } else {
        Outcome::new("ok").with("count", count)
    }
}

/// `/core/semver`: `info.version` is a semantic version (ADR's "how to test").
fn semver(facts: &DomainFacts, rule: &CheckRule, rules: &RuleSet) -> Vec<Verdict> {
    each_document(facts, rule, rules, |_, summary| {
        match summary.info_version.as_deref() {
            None => Outcome::new("missing"),
            Some(v) if is_full_version(v) => Outcome::new("ok").with("version", v),
            Some(v) => Outcome::new("not_semver").with("version", v),
        }
    })
}

/// `/core/path-segments-kebab-case`: every path of the document in kebab-case, but the
/// documented locations of the document itself (`/core/publish-openapi` names them).
fn paths_kebab_case(facts: &DomainFacts, rule: &CheckRule, rules: &RuleSet) -> Vec<Verdict> {
    each_document(facts, rule, rules, |_, summary| {
        let wrong: Vec<&str> = summary
            .paths
            .iter()
            .map(String::as_str)
            .filter(|p| !is_document_location(p) && !is_kebab_path(p))
            .collect();
        if !wrong.is_empty() {
            Outcome::new("not_kebab_case").with("paths", wrong.join(", "))
        } else {
            all_listed(summary.paths.len(), summary.path_count)
        }
    })
}

/// `/core/query-keys-camel-case`: every query key of the document in lower camelCase.
fn query_keys_camel_case(facts: &DomainFacts, rule: &CheckRule, rules: &RuleSet) -> Vec<Verdict> {
    each_document(facts, rule, rules, |_, summary| {
        let wrong: Vec<String> = summary
            .query_keys
            .iter()
            .filter(|k| !is_camel_case(&k.name))
            .map(|k| format!("{} ({})", k.name, k.at))
            .collect();
        if !wrong.is_empty() {
            Outcome::new("not_camel_case").with("keys", wrong.join(", "))
        } else {
            all_listed(summary.query_keys.len(), summary.query_key_count)
        }
    })
}

/// `/core/transport/tls`: every server URL is HTTPS (a relative one takes the document's
/// scheme, which is HTTPS).
fn servers_https(facts: &DomainFacts, rule: &CheckRule, rules: &RuleSet) -> Vec<Verdict> {
    each_document(facts, rule, rules, |_, summary| {
        let plain: Vec<&str> = summary
            .servers
            .iter()
            .filter(|u| u.contains("://") && !u.to_ascii_lowercase().starts_with("https://"))
            .map(String::as_str)
            .collect();
        if plain.is_empty() {
            Outcome::new("ok").with("count", summary.servers.len())
        } else {
            Outcome::new("not_https").with("urls", plain.join(", "))
        }
    })
}

/// `/core/doc-openapi-contact`: `info.contact` with a name, a URL and an e-mail address.
fn contact(facts: &DomainFacts, rule: &CheckRule, rules: &RuleSet) -> Vec<Verdict> {
    each_document(facts, rule, rules, |_, summary| {
        let Some(contact) = &summary.contact else {
            return Outcome::new("missing");
        };
        let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
        let lacking: Vec<&str> = [
            ("name", &contact.name),
            ("url", &contact.url),
            ("email", &contact.email),
        ]
        .into_iter()
        .filter(|(_, v)| blank(v))
        .map(|(n, _)| n)
        .collect();
        if lacking.is_empty() {
            Outcome::new("ok").with("email", contact.email.clone().unwrap_or_default())
        } else {
            Outcome::new("incomplete").with("lacking", lacking.join(", "))
        }
    })
}

/// `/core/error-handling/problem-details` (ADR 2.1): an error is RFC 9457 problem details,
/// `application/problem+json` with a JSON object, not an HTML page.
fn problem_json(facts: &DomainFacts, rule: &CheckRule, rules: &RuleSet) -> Vec<Verdict> {
    each_api(facts, rule, rules, |api| {
        let Some(fetch) = &api.error_response else {
            return Outcome::new("failed").with("error", "not measured");
        };
        let Some(hop) = fetch.final_response() else {
            let detail = fetch
                .error
                .as_ref()
                .map_or("no response", |e| e.detail.as_str());
            return Outcome::new("failed").with("error", detail);
        };
        if hop.status < 400 {
            return Outcome::new("no_error")
                .with("url", &hop.url)
                .with("status", hop.status);
        }
        let content_type = hop.header("content-type").unwrap_or_default();
        let media = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let outcome = match media.as_str() {
            "application/problem+json" => {
                let body = fetch.body.as_ref().map_or("", |b| b.text.as_str());
                let object = serde_json::from_str::<serde_json::Value>(body)
                    .ok()
                    .filter(serde_json::Value::is_object);
                if object.is_some() {
                    Outcome::new("ok")
                } else {
                    Outcome::new("invalid_body")
                }
            }
            "text/html" => Outcome::new("html"),
            _ => Outcome::new("wrong_type"),
        };
        outcome
            .with("url", &hop.url)
            .with("status", hop.status)
            .with("content_type", content_type)
    })
}

#[cfg(test)]
mod tests {
    use super::{has_major_version, is_camel_case, is_full_version, is_kebab_path};

    #[test]
    fn a_full_version_has_major_minor_and_patch() {
        assert!(is_full_version("1.2.0"));
        assert!(is_full_version("10.0.3-rc.1+build.5"));
        assert!(!is_full_version("1"));
        assert!(!is_full_version("1.2"));
        assert!(!is_full_version("v1.2.0"));
        assert!(!is_full_version("1.2.x"));
        // SemVer 2.0.0 §2: no leading zeros; §9: pre-release identifiers are not empty.
        assert!(!is_full_version("01.2.0"));
        assert!(!is_full_version("1.2.0-"));
        assert!(!is_full_version("1.2.0-rc..1"));
    }

    /// ADR 2.2 `/core/path-segments-kebab-case`, with the examples of its text and the
    /// cases its linter's pattern lets through (file extensions, hyphens at the ends).
    #[test]
    fn paths_in_kebab_case() {
        for ok in [
            "/",
            "/gemeenten",
            "/gemeenten/{code}",
            "/omgevings-documenten/{id}/versies",
            "/zaken/_zoek",
            "/_zoek",
            "/api2/v1",
            "/zaken/",
        ] {
            assert!(is_kebab_path(ok), "{ok}");
        }
        for wrong in [
            "/Gemeenten",
            "/gemeente_codes",
            "/omgevingsDocumenten",
            "/gemeenten/lijst.csv",
            "/-zaken",
            "/zaken--oud",
            "/zaken/_Zoek",
            "/zaken/_zoek/meer",
            "//zaken",
            "/zaken/{}",
            "gemeenten",
            "/zaken//",
            "/_{id}",
            "/{a}{b}",
        ] {
            assert!(!is_kebab_path(wrong), "{wrong}");
        }
    }

    /// ADR 2.2 `/core/query-keys-camel-case`, its own test pattern.
    #[test]
    fn query_keys_in_camel_case() {
        for ok in ["page", "pageSize", "zoekTerm2", "$filter", "aBC"] {
            assert!(is_camel_case(ok), "{ok}");
        }
        for wrong in [
            "page_size",
            "PageSize",
            "page-size",
            "2page",
            "",
            "$",
            "zoek term",
            "ë",
        ] {
            assert!(!is_camel_case(wrong), "{wrong}");
        }
    }

    #[test]
    fn the_major_version_is_a_path_segment() {
        assert!(has_major_version("https://api.x.nl/v1"));
        assert!(has_major_version("https://x.nl/api/v12/"));
        assert!(has_major_version("/v2"));
        assert!(!has_major_version("https://api.x.nl"));
        assert!(!has_major_version("https://v1.x.nl/api"));
        assert!(!has_major_version("https://x.nl/api/version"));
        assert!(!has_major_version("https://x.nl/v1.0"));
    }
}
