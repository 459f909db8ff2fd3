//! The customers of the test internet's look-alike providers (fixtures/net/hosts.toml,
//! "provider look-alikes") and what the autonomy view must say about each under the test
//! providers table (fixtures/autonomy/providers.toml): asserted on a live scan
//! (tests/live/autonomy.rs) and on the recorded facts of the `autonomy` area
//! (tests/offline/verdicts/autonomy.rs).

use pastoe::judge::finding::Finding;
use pastoe::report::ScanDocument;
use pastoe::rules::Status::{self, *};

use super::finding;

/// The domains, as scripts/areas.bash's `autonomy` area lists them.
pub const DOMAINS: &[&str] = &[
    "wolkstad.nl",
    "www.wolkstad.nl",
    "tweestrijd.nl",
    "oudhaven.nl",
    "www.oudhaven.nl",
];

/// (domain, check, status, outcome, provider, jurisdiction, confidence)
pub type Attribution = (
    &'static str,
    &'static str,
    Status,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

pub const ATTRIBUTIONS: &[Attribution] = &[
    // The apex's address is in Proefcloud's AS64501; no name of Proefcloud's on the way.
    (
        "wolkstad.nl",
        "autonomy.web.hosting",
        Info,
        "cloud_act",
        "proefcloud",
        "US",
        "medium",
    ),
    // MX, SPF include, autodiscover and DKIM selector1 aliases and the MX's network agree.
    (
        "wolkstad.nl",
        "autonomy.mail.provider",
        Info,
        "cloud_act",
        "proefcloud",
        "US",
        "high",
    ),
    // The out-of-zone name server ns1.proefdns.nl on Proef DNS's AS64502.
    (
        "wolkstad.nl",
        "autonomy.dns.provider",
        Pass,
        "eu_eea",
        "proefdns",
        "DE",
        "high",
    ),
    // www is a CNAME to cdn.proefcloud.nl: the name and the network agree.
    (
        "www.wolkstad.nl",
        "autonomy.web.hosting",
        Info,
        "cloud_act",
        "proefcloud",
        "US",
        "high",
    ),
    // The zone of www.wolkstad.nl is wolkstad.nl (a CNAME owner is no apex), not the zone
    // of the alias's target.
    (
        "www.wolkstad.nl",
        "autonomy.dns.provider",
        Pass,
        "eu_eea",
        "proefdns",
        "DE",
        "high",
    ),
    // 127.0.9.60 is AS64503 EXAMPLE-AS, which no entry names: shown, not guessed.
    (
        "tweestrijd.nl",
        "autonomy.web.hosting",
        Info,
        "unattributed",
        "-",
        "unknown",
        "-",
    ),
    // The MX and its network say Proefmail, the SPF include Proefcloud: low, both listed.
    (
        "tweestrijd.nl",
        "autonomy.mail.provider",
        Info,
        "outside_eu_eea",
        "proefmail",
        "CH",
        "low",
    ),
    // Proefhosting's AS64500 network alone; its owner is Proefcloud Inc. since 2026-07-01.
    (
        "oudhaven.nl",
        "autonomy.web.hosting",
        Info,
        "cloud_act",
        "proefhosting",
        "US",
        "medium",
    ),
    (
        "oudhaven.nl",
        "autonomy.mail.provider",
        Info,
        "outside_eu_eea",
        "proefmail",
        "CH",
        "high",
    ),
    // In-zone name servers: only the network says Proef DNS.
    (
        "oudhaven.nl",
        "autonomy.dns.provider",
        Pass,
        "eu_eea",
        "proefdns",
        "DE",
        "medium",
    ),
    (
        "www.oudhaven.nl",
        "autonomy.web.hosting",
        Info,
        "cloud_act",
        "proefhosting",
        "US",
        "high",
    ),
];

/// Every attribution of ATTRIBUTIONS the document gets wrong, with the finding's message.
pub fn wrong_attributions(doc: &ScanDocument) -> Vec<String> {
    let mut wrong = Vec::new();
    for (domain, check, status, outcome, provider, jurisdiction, confidence) in ATTRIBUTIONS {
        let f = finding(doc, domain, check);
        let got = attribution(f);
        if got != (*status, *outcome, *provider, *jurisdiction, *confidence) {
            wrong.push(format!("{domain} {check}: {got:?} — {}", f.message.en));
        }
    }
    wrong
}

/// What an autonomy finding says: (status, outcome, provider, jurisdiction, confidence),
/// `-` for what its evidence lacks (an unattributed finding names no provider).
pub fn attribution(f: &Finding) -> (Status, &str, &str, &str, &str) {
    let evidence = |key: &str| f.evidence.get(key).and_then(|v| v.as_str()).unwrap_or("-");
    (
        f.status,
        f.outcome.as_str(),
        evidence("provider"),
        evidence("jurisdiction"),
        evidence("confidence"),
    )
}
