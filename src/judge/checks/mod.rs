//! Checks: the outcome logic of each standard, one file per area.
//!
//! A check reads facts and picks outcome keys; what an outcome *means* (status, texts,
//! advice) is in the rule files. Thresholds and value lists come from the rule's `params`.

mod a11y;
mod api;
mod autonomy;
mod caa;
mod cert;
mod dane;
mod dkim;
mod dmarc;
mod dnssec;
mod documents;
mod headers;
mod https;
mod ipv6;
mod mta_sts;
mod pqc;
mod rpki;
mod security_txt;
mod spf;
mod starttls;
mod tls;
mod tls_rpt;

pub use cert::{key_classes, signature_classes};

use crate::facts::ProbePlan;
use crate::facts::{DomainFacts, HttpHop, MailAuthFacts};
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, ParamKind, RuleSet};

/// A check pastoe implements: its id, every outcome key it can produce, the parameters it
/// reads from its rule, its logic, the observations it needs and the hosts it applies to.
pub struct CheckSpec {
    pub id: &'static str,
    pub outcomes: &'static [&'static str],
    pub params: &'static [(&'static str, ParamKind)],
    pub evaluate: Evaluate,
    /// The probe areas the check reads, so `--only` can skip the network work nobody
    /// asked for.
    pub needs: ProbePlan,
    /// Which hosts the check judges.
    pub hosts: Hosts,
}

/// Which hosts a check judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hosts {
    /// The domains in the list (or on the command line).
    Listed,
    /// The listed domains, on what the user asked for (`--dkim-selector`, `--ssh`): without
    /// the request the check has nothing to say and gives no finding.
    OnRequest,
    /// Those, and the web hosts a sweep's discovery found (`www.`, hosts linked from the
    /// site): the checks of a web host as a web host, not of a mail or DNS domain.
    ListedAndDiscovered,
    /// Listed and discovered hosts, only where the probe found what the check judges (a
    /// REST API): a host without one gives no finding, nor does a name that does not exist.
    Found,
}

/// The web pages and headers of a host.
const WEB: ProbePlan = ProbePlan {
    web: true,
    tls: false,
    dns: false,
    mail: false,
    api: false,
    documents: false,
};

/// The REST APIs of the host.
const API: ProbePlan = ProbePlan {
    api: true,
    ..WEB_OFF
};

/// The documents the site links: the web probe reads the home page's links.
const DOCUMENTS: ProbePlan = ProbePlan {
    documents: true,
    ..WEB
};

/// The TLS engine on port 443.
const TLS: ProbePlan = ProbePlan {
    tls: true,
    ..WEB_OFF
};

/// TLS on 443 and the DNS records that pin it (TLSA).
const TLS_AND_DNS: ProbePlan = ProbePlan {
    tls: true,
    dns: true,
    ..WEB_OFF
};

/// The DNS of the domain: DNSSEC, CAA, name servers, MX, mail authentication records.
const DNS: ProbePlan = ProbePlan {
    dns: true,
    ..WEB_OFF
};

/// The mail servers behind STARTTLS (the MX set comes from DNS).
const MAIL_SERVERS: ProbePlan = ProbePlan {
    dns: true,
    mail: true,
    ..WEB_OFF
};

/// Every TLS endpoint: web on 443 and the mail servers behind STARTTLS.
const TLS_AND_MAIL_SERVERS: ProbePlan = ProbePlan {
    tls: true,
    dns: true,
    mail: true,
    ..WEB_OFF
};

const WEB_OFF: ProbePlan = ProbePlan { web: false, ..WEB };

/// The logic of a check: facts and its rule in, verdicts out.
#[derive(Clone, Copy)]
pub enum Evaluate {
    /// Judges the domain's facts.
    Domain(fn(&DomainFacts, &CheckRule, &RuleSet) -> Vec<Verdict>),
    /// Judges the TLS endpoints of one kind: the same logic serves the web host and the mail
    /// servers, and the spec declares which.
    Endpoints(
        fn(&DomainFacts, &CheckRule, &RuleSet, Endpoints) -> Vec<Verdict>,
        Endpoints,
    ),
}

impl Evaluate {
    pub fn run(self, facts: &DomainFacts, rule: &CheckRule, rules: &RuleSet) -> Vec<Verdict> {
        match self {
            Evaluate::Domain(judge) => judge(facts, rule, rules),
            Evaluate::Endpoints(judge, endpoints) => judge(facts, rule, rules, endpoints),
        }
    }
}

/// Whose TLS endpoints a check judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoints {
    /// The web host's, on port 443.
    Web,
    /// The mail servers' behind STARTTLS, every MX of the domain.
    Mail,
}

/// Every check, in report order.
pub const ALL: &[CheckSpec] = &[
    dnssec::EXISTS,
    dnssec::VALID,
    dnssec::ALGORITHMS,
    ipv6::NS_ADDRESS,
    ipv6::NS_REACH,
    ipv6::ADDRESS,
    ipv6::REACH,
    ipv6::SIMILAR,
    https::AVAILABLE,
    https::REDIRECT,
    https::HSTS,
    https::COMPRESSION,
    headers::X_FRAME_OPTIONS,
    headers::X_CONTENT_TYPE_OPTIONS,
    headers::CSP,
    headers::REFERRER_POLICY,
    security_txt::SECURITY_TXT,
    a11y::STATEMENT_LINKED,
    a11y::REGISTER,
    tls::VERSION,
    tls::CIPHERS,
    tls::CIPHER_ORDER,
    tls::KEY_EXCHANGE,
    tls::KEX_HASH,
    tls::COMPRESSION,
    tls::SECURE_RENEG,
    tls::CLIENT_RENEG,
    tls::EMS,
    tls::ZERO_RTT,
    tls::OCSP,
    cert::CHAIN,
    cert::PUBKEY,
    cert::SIGNATURE,
    cert::NAME,
    dane::DANE_EXISTS,
    dane::DANE_VALID,
    caa::CAA,
    rpki::EXISTS,
    rpki::VALID,
    rpki::NS_EXISTS,
    rpki::NS_VALID,
    caa::MAIL_CAA,
    rpki::MAIL_EXISTS,
    rpki::MAIL_VALID,
    dnssec::MAIL_EXISTS,
    dnssec::MAIL_VALID,
    dnssec::MX_EXISTS,
    dnssec::MX_VALID,
    dnssec::MAIL_ALGORITHMS,
    ipv6::MAIL_NS_ADDRESS,
    ipv6::MAIL_NS_REACH,
    ipv6::MX_ADDRESS,
    ipv6::MX_REACH,
    spf::SPF_EXISTS,
    spf::SPF_POLICY,
    dkim::DKIM_EXISTS,
    dkim::DKIM_SELECTOR,
    dmarc::DMARC_EXISTS,
    dmarc::DMARC_POLICY,
    starttls::STARTTLS_AVAILABLE,
    tls::MAIL_VERSION,
    tls::MAIL_CIPHERS,
    tls::MAIL_CIPHER_ORDER,
    tls::MAIL_KEY_EXCHANGE,
    tls::MAIL_KEX_HASH,
    tls::MAIL_COMPRESSION,
    tls::MAIL_SECURE_RENEG,
    tls::MAIL_CLIENT_RENEG,
    tls::MAIL_EMS,
    cert::MAIL_CHAIN,
    cert::MAIL_PUBKEY,
    cert::MAIL_SIGNATURE,
    cert::MAIL_NAME,
    dane::MAIL_DANE_EXISTS,
    dane::MAIL_DANE_VALID,
    dane::MAIL_DANE_ROLLOVER,
    mta_sts::MTA_STS,
    tls_rpt::TLS_RPT,
    api::PUBLISHED,
    api::OAS_VERSION,
    api::VERSION_HEADER,
    api::URI_VERSION,
    api::NO_TRAILING_SLASH,
    api::SERVERS_HTTPS,
    api::CONTACT,
    api::PROBLEM_JSON,
    api::SEMVER,
    api::PATHS_KEBAB_CASE,
    api::QUERY_KEYS_CAMEL_CASE,
    documents::PDFA,
    documents::OPEN_FORMATS,
    pqc::TLS_KEX,
    pqc::CERT_SIGNATURE,
    pqc::SSH_KEX,
    pqc::DNSSEC_ALGORITHM,
    autonomy::WEB_HOSTING,
    autonomy::MAIL_PROVIDER,
    autonomy::DNS_PROVIDER,
    autonomy::CERT_ISSUER,
];

pub fn spec(id: &str) -> Option<&'static CheckSpec> {
    ALL.iter().find(|s| s.id == id)
}

/// The position of a check in report order, for sorting findings.
pub fn order(id: &str) -> usize {
    ALL.iter().position(|s| s.id == id).unwrap_or(usize::MAX)
}

/// The mail authentication facts, or the verdict when they were not measured: `unmeasured`
/// is the check's own key for that (`failed` where the check looks for a record,
/// `not_tested` where it judges the record the other check looked for).
pub(super) fn mail_auth_of<'a>(
    facts: &'a DomainFacts,
    unmeasured: &'static str,
) -> Result<&'a MailAuthFacts, Vec<Verdict>> {
    facts.mail_auth.as_ref().ok_or_else(|| {
        vec![Verdict::new(
            &facts.domain,
            Outcome::new(unmeasured).with("error", "not measured"),
        )]
    })
}

/// The first HTTPS response of the host, which every header check judges (internet.nl
/// judges the response itself, not where it redirects to). When there is none, the check
/// was not tested: `web.https.available` reports why.
fn https_response(facts: &DomainFacts) -> Result<&HttpHop, Verdict> {
    facts
        .web
        .https
        .as_ref()
        .and_then(|f| f.final_response())
        .ok_or_else(|| Verdict::new(&facts.web.host, Outcome::new("not_tested")))
}

/// A string-list parameter, lower-cased for case-insensitive comparison.
fn words(rule: &CheckRule, name: &str) -> Vec<String> {
    rule.string_list(name)
        .map(str::to_ascii_lowercase)
        .collect()
}

/// A TLS group list parameter. Every name was checked against `tls::iana` when the rules
/// loaded.
fn groups(rule: &CheckRule, name: &str) -> Vec<crate::wire::tls::iana::NamedGroup> {
    rule.string_list(name)
        .filter_map(crate::wire::tls::iana::NamedGroup::from_name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_endpoints_match_the_id() {
        let mut seen = std::collections::BTreeSet::new();
        for spec in ALL {
            assert!(seen.insert(spec.id), "{} twice", spec.id);
            if let Evaluate::Endpoints(_, endpoints) = spec.evaluate {
                let prefix = match endpoints {
                    Endpoints::Web => "web.",
                    Endpoints::Mail => "mail.",
                };
                assert!(
                    spec.id.starts_with(prefix),
                    "{} judges {endpoints:?}",
                    spec.id
                );
            }
            if spec.id.starts_with("mail.") {
                assert_ne!(spec.hosts, Hosts::ListedAndDiscovered, "{}", spec.id);
                assert_ne!(spec.hosts, Hosts::Found, "{}", spec.id);
            }
        }
    }

    /// A check id leads to its file: a view's checks (`pqc.*`, `autonomy.*`) and the API
    /// checks (`api.*`) are in the file of that name (pqc.rs, autonomy.rs, api.rs), any other in the file named by
    /// the id's second part (`mail.spf.policy` in spf.rs) or a submodule of it
    /// (`web.headers.csp` in headers/csp.rs).
    #[test]
    fn a_check_id_names_its_file() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/judge/checks");
        for spec in ALL {
            let mut parts = spec.id.split('.');
            let (first, second) = (parts.next().unwrap(), parts.next().unwrap());
            let file = if ["pqc", "autonomy", "api"].contains(&first) {
                first
            } else {
                second
            };
            // The file, or a submodule of it in the folder of that name.
            let mut text = std::fs::read_to_string(dir.join(format!("{file}.rs")))
                .unwrap_or_else(|_| panic!("{}: no src/judge/checks/{file}.rs", spec.id));
            if let Ok(entries) = std::fs::read_dir(dir.join(file)) {
                for entry in entries {
                    text += &std::fs::read_to_string(entry.unwrap().path()).unwrap();
                }
            }
            assert!(
                text.contains(&format!("id: \"{}\"", spec.id)),
                "{} is not defined in src/judge/checks/{file}.rs or {file}/",
                spec.id
            );
        }
    }
}
