//! Digital autonomy (the `autonomy` view, beside the standards): per service of a domain
//! (web hosting, mail, DNS, certificates) which provider runs it, which company owns that
//! provider and under which country's law it falls. The signals are what the scan observed
//! (MX, NS and CNAME names, SPF includes, DKIM and autodiscover aliases, the origin AS of each
//! address, certificate issuers); the providers table (`rules/providers.toml`, as it stood
//! on the day of the observation) says whom they point at. Evidence that matches no entry is
//! listed as what it is, never guessed.

use std::collections::BTreeMap;
use std::net::IpAddr;

use serde::Serialize;

use super::{CheckSpec, Evaluate, Hosts, ParamKind};
use super::{DNS, TLS_AND_MAIL_SERVERS};
use crate::facts::{DomainFacts, SpfLookupTree};
use crate::judge::{Outcome, Verdict};
use crate::rules::providers::{NameKind, Provider, ProviderFlag, Providers};
use crate::rules::{CheckRule, RuleSet};

/// The outcomes of a check whose facts are always there (the web host's addresses, the TLS
/// endpoints); a check of DNS records the scan may not have asked adds `not_tested`.
const OUTCOMES: &[&str] = &[
    "eu_eea",
    "cloud_act",
    "outside_eu_eea",
    "unattributed",
    "not_applicable",
];
const OUTCOMES_DNS: &[&str] = &[
    "eu_eea",
    "cloud_act",
    "outside_eu_eea",
    "unattributed",
    "not_applicable",
    "not_tested",
];

/// `signal_strength`: the kinds of signal, strongest first, for the tie-break between
/// providers with as many kinds each (a kind the list leaves out is weakest).
/// `decisive_signals`: the kinds that alone give high confidence.
const PARAMS: &[(&str, ParamKind)] = &[
    ("signal_strength", ParamKind::Words),
    ("decisive_signals", ParamKind::Words),
];

pub const WEB_HOSTING: CheckSpec = CheckSpec {
    id: "autonomy.web.hosting",
    outcomes: OUTCOMES,
    params: PARAMS,
    evaluate: Evaluate::Domain(web_hosting),
    needs: DNS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const MAIL_PROVIDER: CheckSpec = CheckSpec {
    id: "autonomy.mail.provider",
    outcomes: OUTCOMES_DNS,
    params: PARAMS,
    evaluate: Evaluate::Domain(mail_provider),
    needs: DNS,
    hosts: Hosts::Listed,
};

pub const DNS_PROVIDER: CheckSpec = CheckSpec {
    id: "autonomy.dns.provider",
    outcomes: OUTCOMES_DNS,
    params: PARAMS,
    evaluate: Evaluate::Domain(dns_provider),
    needs: DNS,
    hosts: Hosts::Listed,
};

pub const CERT_ISSUER: CheckSpec = CheckSpec {
    id: "autonomy.cert.issuer",
    outcomes: OUTCOMES,
    params: PARAMS,
    evaluate: Evaluate::Domain(cert_issuer),
    needs: TLS_AND_MAIL_SERVERS,
    hosts: Hosts::ListedAndDiscovered,
};

/// One observation and the provider entry it matches, if any.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct Signal {
    kind: &'static str,
    /// What was seen: a name, `AS64496 EXAMPLE-AS, NL`, an issuer, an address.
    seen: String,
    /// The provider entry it matches (`None`: no entry does).
    provider: Option<String>,
}

/// A provider other signals point at, besides the one attributed.
#[derive(Debug, Clone, Serialize)]
struct Candidate {
    provider: String,
    name: String,
    company: String,
    jurisdiction: String,
    kinds: Vec<&'static str>,
}

/// The signals of one service, gathered with the table in force on the day of the scan.
struct Signals<'a> {
    providers: &'a Providers,
    day: time::Date,
    list: Vec<Signal>,
    matched: BTreeMap<String, &'a Provider>,
}

impl<'a> Signals<'a> {
    fn new(facts: &DomainFacts, rules: &'a RuleSet) -> Signals<'a> {
        Signals::on(&rules.providers, facts.observed_at.date())
    }

    /// The signals judged by the table as it stood on `day`.
    fn on(providers: &'a Providers, day: time::Date) -> Signals<'a> {
        Signals {
            providers,
            day,
            list: Vec::new(),
            matched: BTreeMap::new(),
        }
    }

    fn push(&mut self, kind: &'static str, seen: String, provider: Option<&'a Provider>) {
        let signal = Signal {
            kind,
            seen,
            provider: provider.map(|p| p.id.clone()),
        };
        if let Some(p) = provider {
            self.matched.insert(p.id.clone(), p);
        }
        if !self.list.contains(&signal) {
            self.list.push(signal);
        }
    }

    fn name(&mut self, kind: &'static str, name_kind: NameKind, name: &str) {
        let provider = self.providers.by_name(name_kind, name, self.day);
        self.push(kind, name.trim_end_matches('.').to_string(), provider);
    }

    /// The origin network of an address: its AS and holder when the routes (and AS names)
    /// were given, else what is known of it.
    fn address(&mut self, facts: &DomainFacts, ip: IpAddr) {
        let dependencies = facts.dependencies.as_ref();
        let routed = dependencies.is_some_and(|d| !d.sources.is_empty());
        let origin = dependencies
            .and_then(|d| d.origin_of(ip))
            .filter(|o| !o.origins.is_empty());
        match origin {
            Some(o) => {
                for asn in &o.origins {
                    let seen = match &asn.holder {
                        Some(h) => format!("AS{} {}, {}", asn.asn, h.name, h.country),
                        None => format!("AS{}", asn.asn),
                    };
                    let provider = self.providers.by_asn(asn.asn, self.day);
                    self.push("as", seen, provider);
                }
            }
            None if routed => self.push("address", format!("{ip} (not announced)"), None),
            None => self.push("address", format!("{ip} (no route data)"), None),
        }
    }

    fn issuer(&mut self, issuer: &str) {
        let provider = self.providers.by_issuer(issuer, self.day);
        self.push("issuer", issuer.to_string(), provider);
    }

    /// The verdict: the provider most kinds of signal agree on, with a confidence.
    fn verdict(self, subject: &str, service: &'static str, rule: &CheckRule) -> Verdict {
        let strength = super::words(rule, "signal_strength");
        let rank = |kind: &str| {
            strength
                .iter()
                .position(|k| k == kind)
                .unwrap_or(strength.len())
        };
        let unmatched: Vec<&str> = self
            .list
            .iter()
            .filter(|s| s.provider.is_none())
            .map(|s| s.seen.as_str())
            .collect();
        let unmatched_text = if unmatched.is_empty() {
            "-".to_string()
        } else {
            unmatched.join("; ")
        };
        let kinds_of = |id: &str| -> Vec<&'static str> {
            let mut kinds: Vec<&'static str> = self
                .list
                .iter()
                .filter(|s| s.provider.as_deref() == Some(id))
                .map(|s| s.kind)
                .collect();
            kinds.sort_by_key(|k| rank(k));
            kinds.dedup();
            kinds
        };
        let mut ranked: Vec<(&Provider, Vec<&'static str>)> = self
            .matched
            .values()
            .map(|p| (*p, kinds_of(&p.id)))
            .collect();
        // Most kinds first; then the strongest kind; then the id, so the order is stable.
        ranked.sort_by(|(a, ak), (b, bk)| {
            bk.len()
                .cmp(&ak.len())
                .then(rank(ak[0]).cmp(&rank(bk[0])))
                .then(a.id.cmp(&b.id))
        });
        let Some((winner, kinds)) = ranked.first() else {
            let key = if self.list.is_empty() {
                "not_applicable"
            } else {
                "unattributed"
            };
            return Verdict::new(
                subject,
                Outcome::new(key).with("unmatched", &unmatched_text),
            )
            .evidence("service", service)
            .evidence("provider", serde_json::Value::Null)
            .evidence("company", serde_json::Value::Null)
            .evidence("jurisdiction", "unknown")
            .evidence("signals", &self.list);
        };
        let decisive = super::words(rule, "decisive_signals");
        let also: Vec<Candidate> = ranked[1..]
            .iter()
            .map(|(p, kinds)| Candidate {
                provider: p.id.clone(),
                name: p.name.clone(),
                company: p.company.clone(),
                jurisdiction: p.country.clone(),
                kinds: kinds.clone(),
            })
            .collect();
        let confidence = if !also.is_empty() {
            "low"
        } else if kinds.len() >= 2 || kinds.iter().any(|k| decisive.iter().any(|d| d == k)) {
            "high"
        } else {
            "medium"
        };
        let key = if winner.has(ProviderFlag::EuEea) {
            "eu_eea"
        } else if winner.has(ProviderFlag::UsCloudAct) {
            "cloud_act"
        } else {
            "outside_eu_eea"
        };
        let signals_text = kinds.join(", ");
        let also_text = if also.is_empty() {
            "-".to_string()
        } else {
            also.iter()
                .map(|c| format!("{} ({}, {})", c.name, c.jurisdiction, c.kinds.join(", ")))
                .collect::<Vec<_>>()
                .join("; ")
        };
        Verdict::new(
            subject,
            Outcome::new(key)
                .with("provider", &winner.name)
                .with("company", &winner.company)
                .with("parent", &winner.parent)
                .with("jurisdiction", &winner.country)
                .with("confidence", confidence)
                .with("signals", signals_text)
                .with("also", also_text)
                .with("unmatched", &unmatched_text),
        )
        .evidence("service", service)
        .evidence("provider", &winner.id)
        .evidence("provider_name", &winner.name)
        .evidence("company", &winner.company)
        .evidence("parent", &winner.parent)
        .evidence("jurisdiction", &winner.country)
        .evidence("flags", &winner.flags)
        .evidence("source", &winner.source)
        .evidence("confidence", confidence)
        .evidence("also", &also)
        .evidence("signals", &self.list)
    }
}

/// The web host: its CNAME chain and the networks of its addresses.
fn web_hosting(facts: &DomainFacts, rule: &CheckRule, rules: &RuleSet) -> Vec<Verdict> {
    let mut signals = Signals::new(facts, rules);
    if let Some(d) = &facts.dependencies {
        for target in &d.web.targets {
            signals.name("cname", NameKind::Cname, target);
        }
    }
    for ip in &facts.web.resolution.addresses {
        signals.address(facts, *ip);
    }
    vec![signals.verdict(&facts.web.host, "web", rule)]
}

/// Where mail is delivered (MX names and their networks), who may send it (SPF includes),
/// and the aliases a mail provider asks for (DKIM selectors, autodiscover).
fn mail_provider(facts: &DomainFacts, rule: &CheckRule, rules: &RuleSet) -> Vec<Verdict> {
    let Some(mx) = &facts.dns.mx else {
        return vec![Verdict::new(&facts.domain, Outcome::new("not_tested"))];
    };
    let mut signals = Signals::new(facts, rules);
    for host in &mx.hosts {
        signals.name("mx", NameKind::Mx, &host.name);
        for ip in &host.addresses {
            signals.address(facts, *ip);
        }
    }
    if let Some(auth) = &facts.mail_auth {
        spf_targets(&auth.spf, &mut signals);
    }
    if let Some(d) = &facts.dependencies {
        for target in d.dkim.iter().flat_map(|c| c.targets.iter()) {
            signals.name("dkim", NameKind::Cname, target);
        }
        for target in &d.autodiscover.targets {
            signals.name("autodiscover", NameKind::Cname, target);
        }
    }
    vec![signals.verdict(&facts.domain, "mail", rule)]
}

/// The domain's own `include` and `redirect` targets; through a redirect, the record it
/// leads to stands in for the domain's.
fn spf_targets(tree: &SpfLookupTree, signals: &mut Signals) {
    for child in &tree.children {
        signals.name("spf", NameKind::SpfInclude, &child.tree.domain);
        if child.term.starts_with("redirect=") {
            spf_targets(&child.tree, signals);
        }
    }
}

/// The name servers of the domain's zone: their names and networks.
fn dns_provider(facts: &DomainFacts, rule: &CheckRule, rules: &RuleSet) -> Vec<Verdict> {
    let Some(ns) = &facts.dns.name_servers else {
        return vec![Verdict::new(&facts.domain, Outcome::new("not_tested"))];
    };
    let mut signals = Signals::new(facts, rules);
    for server in &ns.servers {
        signals.name("ns", NameKind::Ns, &server.name);
        for ip in &server.addresses {
            signals.address(facts, *ip);
        }
    }
    vec![signals.verdict(&facts.domain, "dns", rule)]
}

/// The issuer of the leaf certificate of the web host and of each mail server.
fn cert_issuer(facts: &DomainFacts, rule: &CheckRule, rules: &RuleSet) -> Vec<Verdict> {
    let web = (facts.web.host.as_str(), "web", facts.web.tls.iter());
    let mail = facts
        .mail_servers
        .iter()
        .map(|m| (m.host.as_str(), "mail", m.tls.iter()));
    let mut verdicts = Vec::new();
    for (host, service, endpoints) in std::iter::once(web).chain(mail) {
        let mut signals = Signals::new(facts, rules);
        for endpoint in endpoints {
            let leaf = endpoint.chain.as_ref().and_then(|c| c.certificates.first());
            if let Some(leaf) = leaf {
                signals.issuer(&leaf.issuer);
            }
        }
        if !signals.list.is_empty() {
            verdicts.push(signals.verdict(host, service, rule));
        }
    }
    if verdicts.is_empty() {
        verdicts.push(Signals::new(facts, rules).verdict(&facts.web.host, "web", rule));
    }
    verdicts
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TABLE: &str = r#"
[providers]
id = "t"
version = "t"
valid_from = "2026-01-01"

[[provider]]
id = "usmail"
name = "US Mail"
company = "US Mail Inc."
parent = "US Mail Inc."
country = "US"
flags = ["us_cloud_act"]
mx = ["mail.us.example"]
spf_include = ["spf.us.example"]
asn = [64496]
source = "https://us.example/"

[[provider]]
id = "eumail"
name = "EU Mail"
company = "EU Mail B.V."
parent = "EU Mail B.V."
country = "NL"
flags = ["eu_eea"]
mx = ["mail.eu.example"]
spf_include = ["spf.eu.example"]
issuer = ["EU CA"]
source = "https://eu.example/"

[[provider]]
id = "swiss"
name = "Swiss"
company = "Swiss AG"
parent = "Swiss AG"
country = "CH"
asn = [64497]
source = "https://ch.example/"
"#;

    fn table() -> Providers {
        Providers::parse("t.toml", TABLE).unwrap()
    }

    /// The outcome, the attributed provider and the confidence of these signals.
    fn judge<'p>(
        providers: &'p Providers,
        check: &str,
        add: impl FnOnce(&mut Signals<'p>),
    ) -> (&'static str, Option<String>, Option<String>) {
        let rules = crate::judge::embedded_rules().unwrap();
        let rule = rules.check(check).unwrap();
        let mut signals = Signals::on(providers, date!(2026 - 12 - 07));
        add(&mut signals);
        let v = signals.verdict("voorbeeld.nl", "mail", rule);
        let text = |k: &str| v.evidence.get(k).and_then(|x| x.as_str()).map(String::from);
        (v.outcomes[0].key, text("provider"), text("confidence"))
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    /// The embedded table's entries, on the names their sources give: what a scan of a
    /// real domain at these providers attributes.
    #[test]
    fn the_embedded_table_attributes_what_its_sources_name() {
        let rules = crate::judge::embedded_rules().unwrap();
        let t = &rules.providers;
        let ovh_mail = judge(t, "autonomy.mail.provider", |s| {
            s.name("mx", NameKind::Mx, "mx1.mail.ovh.net.");
            s.name("spf", NameKind::SpfInclude, "mx.ovh.com");
        });
        assert_eq!(ovh_mail, ("eu_eea", some("ovhcloud"), some("high")));
        let ovh_dns = judge(t, "autonomy.dns.provider", |s| {
            s.name("ns", NameKind::Ns, "dns19.ovh.net.");
            s.name("ns", NameKind::Ns, "ns19.ovh.net.");
        });
        assert_eq!(ovh_dns, ("eu_eea", some("ovhcloud"), some("medium")));
        let microsoft = judge(t, "autonomy.mail.provider", |s| {
            s.name(
                "mx",
                NameKind::Mx,
                "voorbeeld-nl.mail.protection.outlook.com.",
            );
            s.name("spf", NameKind::SpfInclude, "spf.protection.outlook.com");
        });
        assert_eq!(microsoft, ("cloud_act", some("microsoft"), some("high")));
    }

    #[test]
    fn agreeing_kinds_give_high_confidence_one_kind_medium() {
        let t = table();
        let both = judge(&t, "autonomy.mail.provider", |s| {
            s.name("mx", NameKind::Mx, "x.mail.us.example.");
            s.name("spf", NameKind::SpfInclude, "spf.us.example");
        });
        assert_eq!(both, ("cloud_act", some("usmail"), some("high")));
        let mx_only = judge(&t, "autonomy.mail.provider", |s| {
            s.name("mx", NameKind::Mx, "x.mail.eu.example");
        });
        assert_eq!(mx_only, ("eu_eea", some("eumail"), some("medium")));
        let swiss = judge(&t, "autonomy.web.hosting", |s| {
            s.push(
                "as",
                "AS64497 SWISS-AS, CH".into(),
                t.by_asn(64497, date!(2026 - 12 - 07)),
            );
        });
        assert_eq!(swiss, ("outside_eu_eea", some("swiss"), some("medium")));
    }

    #[test]
    fn an_issuer_is_decisive_where_the_rule_says_so() {
        let t = table();
        let cert = judge(&t, "autonomy.cert.issuer", |s| {
            s.issuer("C=NL, O=EU CA, CN=EU CA 1")
        });
        assert_eq!(cert, ("eu_eea", some("eumail"), some("high")));
    }

    #[test]
    fn disagreement_is_low_and_most_kinds_then_the_strongest_kind_decide() {
        let t = table();
        // One kind each: the MX outranks the SPF include.
        let tie = judge(&t, "autonomy.mail.provider", |s| {
            s.name("spf", NameKind::SpfInclude, "spf.us.example");
            s.name("mx", NameKind::Mx, "mx1.mail.eu.example");
        });
        assert_eq!(tie, ("eu_eea", some("eumail"), some("low")));
        // Two kinds beat one, whichever is stronger.
        let more = judge(&t, "autonomy.mail.provider", |s| {
            s.name("mx", NameKind::Mx, "mx1.mail.eu.example");
            s.name("spf", NameKind::SpfInclude, "spf.us.example");
            s.push(
                "as",
                "AS64496".into(),
                t.by_asn(64496, date!(2026 - 12 - 07)),
            );
        });
        assert_eq!(more, ("cloud_act", some("usmail"), some("low")));
    }

    /// Which kind of signal outranks which is the rule's `signal_strength`, not code.
    #[test]
    fn the_rule_orders_the_kinds_of_signal() {
        let t = table();
        let rules = crate::judge::embedded_rules().unwrap();
        let mut rule = rules.check("autonomy.mail.provider").unwrap().clone();
        let spf_first = toml::Value::Array(["spf", "mx"].map(toml::Value::from).to_vec());
        rule.params.insert("signal_strength".into(), spf_first);
        let mut signals = Signals::on(&t, date!(2026 - 12 - 07));
        signals.name("mx", NameKind::Mx, "mx1.mail.eu.example");
        signals.name("spf", NameKind::SpfInclude, "spf.us.example");
        let v = signals.verdict("voorbeeld.nl", "mail", &rule);
        assert_eq!(v.evidence["provider"], "usmail");
    }

    #[test]
    fn unmatched_evidence_is_unattributed_and_nothing_is_not_applicable() {
        let t = table();
        let unmatched = judge(&t, "autonomy.mail.provider", |s| {
            s.name("mx", NameKind::Mx, "mx.voorbeeld.nl");
            s.push("as", "AS64511 EXAMPLE-AS, NL".into(), None);
        });
        assert_eq!(unmatched, ("unattributed", None, None));
        let nothing = judge(&t, "autonomy.mail.provider", |_| {});
        assert_eq!(nothing, ("not_applicable", None, None));
        // A matched provider does not hide what matched nothing.
        let rules = crate::judge::embedded_rules().unwrap();
        let mut signals = Signals::on(&t, date!(2026 - 12 - 07));
        signals.name("mx", NameKind::Mx, "x.mail.us.example");
        signals.push("as", "AS64511 EXAMPLE-AS, NL".into(), None);
        let v = signals.verdict(
            "voorbeeld.nl",
            "mail",
            rules.check("autonomy.mail.provider").unwrap(),
        );
        let unmatched = &v.outcomes[0]
            .vars
            .iter()
            .find(|(k, _)| *k == "unmatched")
            .unwrap()
            .1;
        assert_eq!(unmatched, "AS64511 EXAMPLE-AS, NL");
    }
}
